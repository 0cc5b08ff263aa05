import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { WahaSession } from "../core/entities";
import { wahaMessageId } from "../core/ids";
import type { SimState } from "../core/sim-state";
import type { SimRequest } from "../http/read-request";
import { json, type SimResponse } from "../http/sim-response";
import { deliverWahaEvent } from "../webhooks/waha-webhooks";
import { badRequest, sessionNotWorking } from "./waha-errors";
import { meOf } from "./waha-pairing";

const CHAT_ID = /^\d{5,20}@c\.us$/;

const common = {
  session: z.string().min(1),
  chatId: z.string().regex(CHAT_ID, "must be a chat id like 31612345678@c.us"),
  reply_to: z.string().min(1).nullable().optional(),
};

const textSchema = z.object({ ...common, text: z.string().min(1), linkPreview: z.boolean().optional() });
const imageSchema = z.object({
  ...common,
  file: z
    .object({
      mimetype: z.string().min(1),
      url: z.url().optional(),
      data: z.string().min(1).optional(),
      filename: z.string().optional(),
    })
    .refine(
      (file) => (file.url === undefined) !== (file.data === undefined),
      "file needs exactly one of url or data",
    ),
  caption: z.string().optional(),
});

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body ?? {});
  if (!result.success) {
    throw badRequest(
      result.error.issues.map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`),
    );
  }
  return result.data;
}

/** The session a send names in its body (WAHA's chatting calls carry it there, not in the path). */
export function sessionOfSend(req: SimRequest): string | undefined {
  const body = req.json;
  if (!body || typeof body !== "object") return undefined;
  const session = (body as Record<string, unknown>).session;
  return typeof session === "string" && session.length > 0 ? session : undefined;
}

/** The id a WhatsApp phone gives a message it sent: "3EB0" and hex (WhatsApp Web style). */
export function phoneMessageId(): string {
  return `3EB0${randomBytes(9).toString("hex").toUpperCase()}`;
}

/**
 * POST /api/sendText {session, chatId, text, reply_to?} and POST /api/sendImage {session, chatId,
 * file, caption?}: a message to a chat from the linked phone. WhatsApp through a linked phone has
 * no 24-hour window: any chat can be written to while the session is WORKING (else WAHA's 422).
 * Accepted messages go into the sent-messages ledger once; webhooks subscribed to "message.any"
 * get the outgoing message (fromMe: true), as WAHA sends every message the phone sees.
 */
export function sendChatMessage(
  state: SimState,
  req: SimRequest,
  session: WahaSession,
  kind: "text" | "image",
): SimResponse {
  const body =
    kind === "text"
      ? { ...parse(textSchema, req.json), caption: undefined, file: undefined }
      : parse(imageSchema, req.json);
  if (session.state !== "WORKING") throw sessionNotWorking(session);
  const now = state.now();
  const id = `true_${body.chatId}_${wahaMessageId()}`;
  const text = "text" in body && typeof body.text === "string" ? body.text : (body.caption ?? null);
  const attachmentUrl = body.file?.url ?? null;
  state.messaging.recordSent({
    platform: "whatsapp",
    accountId: session.id,
    recipientId: body.chatId,
    messageId: id,
    text,
    attachmentUrl,
    tag: null,
    sentAt: now,
  });
  const me = meOf(session);
  const message = {
    id,
    timestamp: Math.floor(now / 1000),
    from: me?.id ?? null,
    fromMe: true,
    to: body.chatId,
    body: text ?? "",
    hasMedia: kind === "image",
    ...(kind === "image" && body.file ? { media: { url: attachmentUrl, mimetype: body.file.mimetype } } : {}),
    ...(body.reply_to ? { replyTo: { id: body.reply_to } } : {}),
  };
  deliverWahaEvent(state, session, "message.any", message, { messageId: id });
  return json(message, 201);
}
