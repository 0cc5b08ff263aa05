import { z } from "zod";
import { DEFAULT_TEXT_BACKGROUND } from "@/lib/core/platform-limits";
import type { StoredSticker } from "@/lib/core/stickers";
import type {
  AudienceContact,
  FrameInput,
  PublisherAccount,
  PublisherEndpoints,
  StoryPublisher,
} from "../contract";
import { sendHttp } from "../http";
import { PublisherError } from "../publisher-error";
import { classifyWahaError, sessionStateAdvice, WAHA_STARTING_WAIT_MS } from "./classify-waha-error";

export { DEFAULT_TEXT_BACKGROUND };

const configSchema = z.object({ gatewayUrl: z.string().optional().catch(undefined) }).catch({});

function gatewayOf(account: PublisherAccount, endpoints: PublisherEndpoints): string {
  const base = endpoints.waha ?? configSchema.parse(account.config ?? {}).gatewayUrl;
  if (!base) {
    throw new PublisherError({
      errorClass: "reauth_required",
      platformCode: "no_gateway",
      advice: "Set the WhatsApp gateway URL for this channel (or switch it to handoff mode).",
    });
  }
  return base.replace(/\/+$/, "");
}

/** One call to the WAHA HTTP API with the session's X-Api-Key; errors are classified here. */
export async function waha<T>(
  account: PublisherAccount,
  endpoints: PublisherEndpoints,
  method: "GET" | "POST" | "PUT",
  path: string,
  schema: z.ZodType<T>,
  body?: unknown,
): Promise<T> {
  const headers: Record<string, string> = { "x-api-key": account.secret, accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  const answer = await sendHttp(
    `${gatewayOf(account, endpoints)}/${path}`,
    { method, headers, body: body === undefined ? undefined : JSON.stringify(body) },
    { timeoutMs: endpoints.timeoutMs, secrets: [account.secret], platformLabel: "The WhatsApp gateway" },
  );
  if (answer.status < 200 || answer.status >= 300) {
    throw classifyWahaError({ status: answer.status, body: answer.json, text: answer.text });
  }
  const parsed = schema.safeParse(answer.json);
  if (!parsed.success) {
    throw new PublisherError({
      errorClass: "retryable",
      platformCode: `HTTP ${answer.status}`,
      platformMessage: `unexpected answer: ${answer.text.slice(0, 300)}`,
      advice: "The WhatsApp gateway answered in an unexpected way; StoryRelay will try again.",
    });
  }
  return parsed.data;
}

export const sessionSegment = (account: PublisherAccount) => encodeURIComponent(account.externalAccountId);

const sentSchema = z.object({ key: z.object({ id: z.string().optional() }).optional() });

/**
 * A status has no stickers: a planned link sticker goes out as the link itself, on a line of its
 * own after the caption (WhatsApp shows it as a tappable link), unless the text already
 * holds it. Without this the descriptor's promise that the API "adds" links would be untrue.
 */
function withLinks(text: string | undefined, stickers: StoredSticker[] | undefined): string | undefined {
  const links = (stickers ?? []).flatMap((s) =>
    s.kind === "link" && !(text ?? "").includes(s.url) ? [s.url] : [],
  );
  return [text, ...links].filter((part) => part !== undefined && part !== "").join("\n") || undefined;
}

function sendBody(frame: FrameInput, id: string): { path: string; body: Record<string, unknown> } {
  if (frame.kind === "TEXT") {
    return {
      path: "text",
      body: {
        id,
        text: frame.text,
        backgroundColor: frame.backgroundColor ?? DEFAULT_TEXT_BACKGROUND,
        font: 0,
      },
    };
  }
  const file = { mimetype: frame.mimeType, url: frame.mediaUrl };
  const caption = withLinks(frame.text, frame.stickers);
  return frame.kind === "IMAGE"
    ? { path: "image", body: { id, file, caption } }
    : // The media is already checked and converted by StoryRelay; the gateway need not re-encode it.
      { path: "video", body: { id, file, caption, convert: false } };
}

const contactsSchema = z.array(
  z.object({
    id: z.string().min(1),
    number: z.string().nullable().optional(),
    name: z.string().nullable().optional(),
    pushname: z.string().nullable().optional(),
  }),
);

// GET /api/contacts/all?session= – the phone book of the linked phone (groups left out)
async function listContacts(
  account: PublisherAccount,
  endpoints: PublisherEndpoints,
): Promise<AudienceContact[]> {
  const rows = await waha(
    account,
    endpoints,
    "GET",
    `api/contacts/all?session=${sessionSegment(account)}`,
    contactsSchema,
  );
  return rows
    .filter((row) => row.id.endsWith("@c.us"))
    .map((row) => ({ id: row.id, name: row.name || row.pushname || null, number: row.number ?? null }));
}

/**
 * WAHA's `contacts` for a frame: null sends to all contacts; "all except" is resolved against the
 * phone book as it is at the moment of sending, since the gateway has no "except" of its own.
 */
async function contactsFor(
  account: PublisherAccount,
  frame: FrameInput,
  endpoints: PublisherEndpoints,
): Promise<string[] | null> {
  const audience = frame.audience;
  if (!audience) return null;
  if (audience.mode === "ONLY") return audience.contactIds;
  const left = new Set(audience.contactIds);
  const rest = (await listContacts(account, endpoints)).map((c) => c.id).filter((id) => !left.has(id));
  if (rest.length === 0) {
    throw new PublisherError({
      errorClass: "invalid_content",
      platformCode: "empty_audience",
      advice:
        "The chosen audience leaves out every contact of this WhatsApp number: choose another audience.",
    });
  }
  return rest;
}

export const wahaPublisher: StoryPublisher = {
  platform: "WHATSAPP",
  // WAHA sends with the id from new-message-id; the gateway answers a repeat with the first
  // status instead of posting again, so publish() with the same containerId is safe to repeat.
  idempotentPublish: true,

  // GET /api/{session}/status/new-message-id – the id to store before sending
  async prepare(account, _frame, endpoints) {
    const data = await waha(
      account,
      endpoints,
      "GET",
      `api/${sessionSegment(account)}/status/new-message-id`,
      z.object({ id: z.string().min(1) }),
    );
    return { containerId: data.id };
  },

  // Nothing to process on a gateway: the media is fetched when the status is sent.
  async check() {
    return { status: "ready" };
  },

  // POST /api/{session}/status/image|video|text with the prepared id
  async publish(account, containerId, frame, endpoints) {
    const { path, body } = sendBody(frame, containerId);
    const contacts = await contactsFor(account, frame, endpoints);
    if (contacts !== null) body.contacts = contacts;
    const data = await waha(
      account,
      endpoints,
      "POST",
      `api/${sessionSegment(account)}/status/${path}`,
      sentSchema,
      body,
    );
    return { mediaId: data.key?.id ?? containerId };
  },

  /**
   * WAHA has no endpoint that lists sent statuses, so this cannot know. It answers null, which
   * the contract allows only because publish() is idempotent: the caller publishes again with the
   * same id and the gateway answers with the status that already exists.
   */
  async findPublished() {
    return null;
  },

  listContacts,

  // POST /api/sessions/{session}/logout – unlinks the phone; the session would need a new QR scan
  async revokeAccess(account, endpoints) {
    await waha(account, endpoints, "POST", `api/sessions/${sessionSegment(account)}/logout`, z.unknown());
  },

  // GET /api/sessions/{session} – the session must be WORKING to send
  async verifyAccount(account, endpoints) {
    const info = await waha(
      account,
      endpoints,
      "GET",
      `api/sessions/${sessionSegment(account)}`,
      z.object({
        name: z.string(),
        status: z.string(),
        me: z.object({ pushName: z.string().optional(), id: z.string().optional() }).nullable().optional(),
      }),
    );
    if (info.status !== "WORKING") {
      const advice = sessionStateAdvice(info.status);
      throw new PublisherError({
        errorClass: advice ? "reauth_required" : "retryable",
        platformCode: `session ${info.status}`,
        advice: advice ?? "The WhatsApp session is starting; try again in a minute.",
        retryAfterMs: advice ? undefined : WAHA_STARTING_WAIT_MS,
      });
    }
    return { name: info.me?.pushName ?? info.name };
  },
};
