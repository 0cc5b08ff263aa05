import { z } from "zod";
import {
  type InboundAdapter,
  type InboundEvent,
  InboundFormatError,
  type InboundHook,
  type InboundParse,
} from "../inbound-contract";
import { sessionSegment, waha } from "./waha-publisher";

const chatId = z.string().min(1).max(200);

const messagePayload = z.object({
  id: z.string().min(1).max(500),
  timestamp: z.number().positive(),
  from: chatId,
  fromMe: z.boolean(),
  to: chatId.optional(),
  body: z.string().max(70_000).nullish(),
  hasMedia: z.boolean().optional(),
  media: z.object({ url: z.string().max(4000).nullish(), mimetype: z.string().max(200).nullish() }).nullish(),
  replyTo: z.object({ id: z.string().min(1).max(500) }).nullish(),
  _data: z
    .object({ notifyName: z.string().max(200).nullish() })
    .partial()
    .nullish(),
});

const reactionPayload = z.object({
  id: z.string().min(1).max(500).optional(),
  timestamp: z.number().positive(),
  from: chatId,
  fromMe: z.boolean(),
  to: chatId.optional(),
  reaction: z.object({ text: z.string().max(100), messageId: z.string().min(1).max(500) }),
  _data: z
    .object({ notifyName: z.string().max(200).nullish() })
    .partial()
    .nullish(),
});

const envelope = z.object({
  event: z.string().min(1),
  session: z.string().min(1).max(200),
  payload: z.unknown(),
});

/** WAHA's engines give seconds; a sender in milliseconds is read too. */
const instant = (t: number) => new Date(t < 1e12 ? t * 1000 : t);

const kindOfMime = (mime: string | null | undefined) => {
  const top = (mime ?? "").split("/")[0];
  return top === "image" || top === "video" || top === "audio" ? top : "file";
};

/**
 * WAHA's webhook events, one per delivery: `message` (someone wrote), `message.any` (every
 * message, the phone's own included: with fromMe it is an echo, without it the same message as
 * `message`, stored once by its id) and `message.reaction`. WhatsApp cannot tell a quoted status
 * from another quoted message, so a quote or a reaction is only a possible story (see
 * InboundEvent.story). The person's name comes with each message (notifyName): WAHA has no profile
 * call to make. Other events (session status, acks) are skipped.
 */
function parseWaha(body: unknown): InboundParse {
  const parsed = envelope.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InboundFormatError(`body.${issue?.path.join(".") ?? ""}: ${issue?.message ?? "invalid"}`);
  }
  const { event, session, payload } = parsed.data;
  const out: InboundParse = { events: [], skipped: [] };
  if (event === "message" || event === "message.any") {
    const message = messagePayload.safeParse(payload);
    if (!message.success) {
      out.skipped.push(`payload: ${message.error.issues[0]?.message ?? "invalid"}`);
      return out;
    }
    const m = message.data;
    if (m.from === "status@broadcast" || m.to === "status@broadcast") {
      out.skipped.push("a status update, not a message");
      return out;
    }
    const personId = m.fromMe ? m.to : m.from;
    if (!personId) {
      out.skipped.push("a message of ours without a recipient");
      return out;
    }
    const text = m.body ? m.body : undefined;
    const media =
      m.hasMedia && m.media?.url ? { url: m.media.url, type: kindOfMime(m.media.mimetype) } : undefined;
    if (!text && !media) {
      out.skipped.push("a message with neither text nor media");
      return out;
    }
    const name = m._data?.notifyName;
    const normalised: InboundEvent = {
      accountId: session,
      personId,
      externalId: m.id,
      direction: m.fromMe ? "OUTBOUND" : "INBOUND",
      kind: media ? "MEDIA" : "TEXT",
      ...(text ? { text } : {}),
      ...(media ? { attachment: media } : {}),
      ...(m.replyTo && !m.fromMe ? { story: { externalId: m.replyTo.id, certain: false } } : {}),
      sentAt: instant(m.timestamp),
      ...(name && !m.fromMe ? { personName: name } : {}),
    };
    out.events.push(normalised);
    return out;
  }
  if (event === "message.reaction") {
    const reaction = reactionPayload.safeParse(payload);
    if (!reaction.success) {
      out.skipped.push(`payload: ${reaction.error.issues[0]?.message ?? "invalid"}`);
      return out;
    }
    const r = reaction.data;
    // An empty reaction text is WhatsApp's "reaction removed".
    if (r.reaction.text === "") {
      out.skipped.push("a removed reaction");
      return out;
    }
    const personId = r.fromMe ? r.to : r.from;
    if (!personId) {
      out.skipped.push("a reaction of ours without a recipient");
      return out;
    }
    const name = r._data?.notifyName;
    const sentAt = instant(r.timestamp);
    out.events.push({
      accountId: session,
      personId,
      externalId: r.id ?? `reaction:${r.reaction.messageId}:${personId}:${sentAt.getTime()}`,
      direction: r.fromMe ? "OUTBOUND" : "INBOUND",
      kind: "REACTION",
      text: r.reaction.text,
      ...(r.fromMe ? {} : { story: { externalId: r.reaction.messageId, certain: false } }),
      sentAt,
      ...(name && !r.fromMe ? { personName: name } : {}),
    });
    return out;
  }
  out.skipped.push(`event "${event}" is not one the inbox keeps`);
  return out;
}

/** The events the inbox reads: messages in, our own (echoes), and reactions. */
export const WAHA_INBOX_EVENTS = ["message", "message.reaction", "message.any"] as const;

/** A WAHA session's webhook entry (its config.webhooks), as POST/PUT /api/sessions take it. */
export function wahaWebhookConfig(hook: InboundHook) {
  return { url: hook.url, events: [...WAHA_INBOX_EVENTS], hmac: { key: hook.hmacKey } };
}

/** WhatsApp through a WAHA gateway: each channel's session posts to the channel's own URL. */
export const whatsappInbound: InboundAdapter = {
  platform: "WHATSAPP",
  source: "waha",
  // Deliveries come to the channel's own URL: the channel, not the body, says whose they are.
  claims: () => false,
  parse: parseWaha,
  async subscribe(account, endpoints, hook) {
    // PUT replaces the session's config: its webhooks become exactly StoryRelay's one.
    await waha(account, endpoints, "PUT", `api/sessions/${sessionSegment(account)}`, z.unknown(), {
      config: { webhooks: [wahaWebhookConfig(hook)] },
    });
  },
};
