import { createHash } from "node:crypto";
import { z } from "zod";
import type { WahaSession, WahaStatus } from "../core/entities";
import { wahaMessageId } from "../core/ids";
import type { SimState } from "../core/sim-state";
import type { SimRequest } from "../http/read-request";
import { json, SimHttpError, type SimResponse } from "../http/sim-response";
import { checkVideo } from "../media/check-media";
import { describeBytes, type FetchedMedia, fetchMedia } from "../media/fetch-media";
import { mimeOf } from "../media/sniff-media-type";
import { badRequest, sessionNotWorking } from "./waha-errors";

const fileSchema = z
  .object({
    mimetype: z.string().min(1),
    url: z.string().min(1).optional(),
    data: z.string().min(1).optional(),
    filename: z.string().optional(),
  })
  .refine(
    (file) => (file.url === undefined) !== (file.data === undefined),
    "file needs exactly one of url or data",
  );

const common = {
  contacts: z.array(z.string()).nullable().optional(),
  id: z.string().min(1).nullable().optional(),
};

const imageSchema = z.object({ file: fileSchema, caption: z.string().optional(), ...common });
const videoSchema = z.object({
  file: fileSchema,
  caption: z.string().optional(),
  convert: z.boolean().optional(),
  ...common,
});
const textSchema = z.object({
  text: z.string().min(1),
  backgroundColor: z.string().optional(),
  font: z.number().int().optional(),
  linkPreview: z.boolean().optional(),
  ...common,
});
const deleteSchema = z.object({ id: z.string().min(1), contacts: z.array(z.string()).nullable().optional() });

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body ?? {});
  if (!result.success) {
    throw badRequest(
      result.error.issues.map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`),
    );
  }
  return result.data;
}

async function loadFile(
  state: SimState,
  file: z.infer<typeof fileSchema>,
  maxBytes: number,
): Promise<FetchedMedia> {
  if (file.data !== undefined) {
    const bytes = Buffer.from(file.data, "base64");
    if (bytes.byteLength > maxBytes) throw badRequest(`file is over ${maxBytes} bytes`);
    return describeBytes(bytes, null);
  }
  const result = await fetchMedia(file.url ?? "", { timeoutMs: state.options.mediaFetchTimeoutMs, maxBytes });
  if (!result.ok) {
    if (result.failure.reason === "too_large") throw badRequest(`file is over ${maxBytes} bytes`);
    throw new SimHttpError(500, {
      statusCode: 500,
      message: `Failed to download file from ${file.url}: ${result.failure.detail}`,
    });
  }
  return result.media;
}

function checkWahaMedia(state: SimState, kind: "image" | "video", media: FetchedMedia): void {
  const o = state.options.whatsapp;
  if (kind === "image") {
    // The conservative profile: WhatsApp clients show JPEG statuses reliably, other types not.
    if (media.type !== "jpeg") throw badRequest(`image status must be JPEG, got ${media.type}`);
    return;
  }
  const check = checkVideo(media, {
    maxBytes: o.maxVideoBytes,
    minSeconds: 0,
    maxSeconds: o.maxVideoSeconds,
    minFps: 0,
    maxFps: 1000,
    requireFaststart: o.requireFaststart,
  });
  if (!check.ok) throw badRequest(`video status not accepted: ${check.violation.detail}`);
}

function requireWorking(session: WahaSession): void {
  if (session.state !== "WORKING") throw sessionNotWorking(session);
}

function reply(id: string, message: Record<string, unknown>, at: number): Record<string, unknown> {
  return {
    key: { remoteJid: "status@broadcast", fromMe: true, id },
    message,
    messageTimestamp: String(Math.floor(at / 1000)),
    status: "PENDING",
  };
}

/**
 * Records a status unless one with this id exists already: sending again with a used id returns
 * the first status instead of posting a second one (how a retry stays a single status).
 */
function post(
  state: SimState,
  req: SimRequest,
  session: WahaSession,
  requestedId: string | null | undefined,
  build: (id: string, now: number) => Omit<WahaStatus, "id" | "session" | "createdAt">,
  sourceUrl: string | null,
  contacts: string[] | null | undefined,
): SimResponse {
  const id = requestedId ?? wahaMessageId();
  const key = `${session.id}/${id}`;
  const existing = state.wahaStatuses.get(key);
  if (existing) return json(existing.reply, 201);
  const now = state.now();
  const status: WahaStatus = { id, session: session.id, createdAt: now, ...build(id, now) };
  state.wahaStatuses.set(key, status);
  session.issuedIds.delete(id);
  state.recordPublish({
    platform: "whatsapp",
    accountId: session.id,
    externalId: id,
    wahaId: id,
    mediaSha256: status.sha256,
    mediaType: status.kind,
    sourceUrl,
    contacts: contacts ?? null,
    receivedAt: req.receivedAt,
    callerAddress: req.remoteAddress,
    publishedAt: now,
  });
  return json(status.reply, 201);
}

// GET /api/{session}/status/new-message-id – an id to store before sending, so a retry is recognisable
export function newMessageId(session: WahaSession): SimResponse {
  const id = wahaMessageId();
  session.issuedIds.add(id);
  return json({ id });
}

// POST /api/{session}/status/image|video – a media status
export async function sendMediaStatus(
  state: SimState,
  req: SimRequest,
  session: WahaSession,
  kind: "image" | "video",
): Promise<SimResponse> {
  const body = kind === "image" ? parse(imageSchema, req.json) : parse(videoSchema, req.json);
  requireWorking(session);
  // A repeated id must not even download the media again.
  if (body.id && state.wahaStatuses.has(`${session.id}/${body.id}`)) {
    return post(
      state,
      req,
      session,
      body.id,
      () => {
        throw new Error("unreachable: the status exists");
      },
      null,
      body.contacts,
    );
  }
  const o = state.options.whatsapp;
  const media = await loadFile(state, body.file, kind === "image" ? o.maxImageBytes : o.maxVideoBytes);
  checkWahaMedia(state, kind, media);
  state.rememberMedia(media);
  const field = kind === "image" ? "imageMessage" : "videoMessage";
  return post(
    state,
    req,
    session,
    body.id,
    (id, now) => ({
      kind,
      sha256: media.sha256,
      text: body.caption,
      reply: reply(
        id,
        { [field]: { caption: body.caption ?? "", mimetype: mimeOf(media.type), fileSha256: media.sha256 } },
        now,
      ),
    }),
    media.sourceUrl,
    body.contacts,
  );
}

// POST /api/{session}/status/text – a text status on a coloured background
export function sendTextStatus(state: SimState, req: SimRequest, session: WahaSession): SimResponse {
  const body = parse(textSchema, req.json);
  requireWorking(session);
  const sha256 = createHash("sha256").update(body.text).digest("hex");
  return post(
    state,
    req,
    session,
    body.id,
    (id, now) => ({
      kind: "text",
      sha256,
      text: body.text,
      backgroundColor: body.backgroundColor,
      reply: reply(
        id,
        {
          extendedTextMessage: {
            text: body.text,
            backgroundArgb: body.backgroundColor,
            font: body.font ?? 0,
          },
        },
        now,
      ),
    }),
    null,
    body.contacts,
  );
}

// POST /api/{session}/status/delete – take a status down (how a duplicate is cleaned up)
export function deleteStatus(state: SimState, req: SimRequest, session: WahaSession): SimResponse {
  const body = parse(deleteSchema, req.json);
  requireWorking(session);
  const now = state.now();
  const status = state.wahaStatuses.get(`${session.id}/${body.id}`);
  if (status && status.deletedAt === undefined) {
    status.deletedAt = now;
    for (const entry of state.ledger) {
      if (entry.platform === "whatsapp" && entry.accountId === session.id && entry.wahaId === body.id) {
        entry.deletedAt = now;
      }
    }
  }
  return json(
    reply(wahaMessageId(), { protocolMessage: { key: { id: body.id }, type: "REVOKE" } }, now),
    201,
  );
}
