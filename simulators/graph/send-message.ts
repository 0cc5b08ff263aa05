import { z } from "zod";
import { metaMid } from "../core/ids";
import type { SimState } from "../core/sim-state";
import type { SimRequest } from "../http/read-request";
import { json, type SimResponse } from "../http/sim-response";
import { deliverMessagingEvent } from "../webhooks/messaging-webhook";
import { authenticate, requireInstagramAccess, requirePageAccess } from "./graph-auth";
import { graphError } from "./graph-error";

const DAY_MS = 24 * 60 * 60 * 1000;

const sendSchema = z
  .object({
    recipient: z.object({ id: z.string().regex(/^\d+$/, "must be a user id (digits)") }),
    messaging_type: z.enum(["RESPONSE", "UPDATE", "MESSAGE_TAG"]).default("RESPONSE"),
    tag: z.string().optional(),
    message: z.union([
      z.object({ text: z.string().min(1) }).strict(),
      z
        .object({
          attachment: z.object({
            type: z.enum(["image", "video", "audio", "file"]),
            payload: z.object({ url: z.url() }),
          }),
        })
        .strict(),
    ]),
  })
  .superRefine((body, ctx) => {
    if (body.messaging_type === "MESSAGE_TAG" && body.tag === undefined) {
      ctx.addIssue({ code: "custom", path: ["tag"], message: "is required with messaging_type MESSAGE_TAG" });
    }
    if (body.tag !== undefined && body.messaging_type !== "MESSAGE_TAG") {
      ctx.addIssue({ code: "custom", path: ["tag"], message: "needs messaging_type MESSAGE_TAG" });
    }
    // The only tag the simulated app is approved for (and the only one StoryRelay uses).
    if (body.tag !== undefined && body.tag !== "HUMAN_AGENT") {
      ctx.addIssue({ code: "custom", path: ["tag"], message: `unsupported tag ${body.tag}` });
    }
  });

/** Meta takes nested parameters as JSON in a JSON body, or as JSON strings in a form or query. */
function nested(req: SimRequest, name: string): unknown {
  const body = req.json;
  if (body && typeof body === "object" && name in body) return (body as Record<string, unknown>)[name];
  const raw = req.params.get(name);
  if (raw === undefined) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

function parseSend(req: SimRequest) {
  const input = {
    recipient: nested(req, "recipient"),
    messaging_type: req.params.get("messaging_type"),
    tag: req.params.get("tag"),
    message: nested(req, "message"),
  };
  const result = sendSchema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.join(".") || "body";
    throw graphError({ code: 100, message: `(#100) Param ${where} ${issue?.message ?? "is invalid"}` });
  }
  const text = "text" in result.data.message ? result.data.message.text : null;
  const limit = 2000;
  if (text !== null && text.length > limit) {
    throw graphError({
      code: 100,
      message: `(#100) Length of param message[text] must be less than or equal to ${limit}`,
    });
  }
  return result.data;
}

const noMatchingUser = () => graphError({ code: 100, subcode: 2018001, message: "No matching user found" });

const outsideWindow = (platform: "instagram" | "facebook") =>
  graphError({
    code: 10,
    subcode: platform === "instagram" ? 2534022 : 2018278,
    message: "(#10) This message is sent outside of allowed window.",
  });

/**
 * POST /{ig-user-id}/messages (Instagram) or /{page-id}/messages (Facebook), also as /me/messages:
 * the Send API. The person must have written to the account (else 100/2018001), within the last
 * 24 h of simulated time, or 7 days with the HUMAN_AGENT tag (else 10/2534022 on Instagram,
 * 10/2018278 on Facebook). An accepted message goes into the sent-messages ledger once, and, like
 * Meta, comes back to the app's callback as an echo when the subscription includes "messages".
 */
export function sendMessage(
  state: SimState,
  req: SimRequest,
  platform: "instagram" | "facebook",
  accountId: string,
): SimResponse {
  const token = authenticate(state, req);
  if (platform === "instagram") requireInstagramAccess(state, token, accountId, req.method);
  else requirePageAccess(state, token, accountId, req.method);
  const body = parseSend(req);
  const personId = body.recipient.id;
  const contact = state.messaging.contact(accountId, personId);
  if (!contact) throw noMatchingUser();
  const now = state.now();
  const windowMs = body.tag === "HUMAN_AGENT" ? 7 * DAY_MS : DAY_MS;
  if (now - contact.lastInboundAt > windowMs) throw outsideWindow(platform);

  const mid = metaMid(platform);
  const text = "text" in body.message ? body.message.text : null;
  const attachment = "attachment" in body.message ? body.message.attachment : null;
  state.messaging.recordSent({
    platform,
    accountId,
    recipientId: personId,
    messageId: mid,
    text,
    attachmentUrl: attachment?.payload.url ?? null,
    tag: body.tag ?? null,
    sentAt: now,
  });
  deliverMessagingEvent(
    state,
    platform,
    accountId,
    {
      sender: { id: accountId },
      recipient: { id: personId },
      timestamp: now,
      message: {
        mid,
        is_echo: true,
        ...(text !== null ? { text } : {}),
        ...(attachment ? { attachments: [{ type: attachment.type, payload: attachment.payload }] } : {}),
      },
    },
    { messageId: mid },
  );
  return json({ recipient_id: personId, message_id: mid });
}
