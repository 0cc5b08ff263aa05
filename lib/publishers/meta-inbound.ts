import { z } from "zod";
import {
  type InboundEvent,
  InboundFormatError,
  type InboundKind,
  type InboundParse,
} from "./inbound-contract";

// Meta's ids are digit strings; a Facebook story post id may be "<page>_<post>". Numbers are read too.
const id = z.union([z.string().regex(/^[\w.:-]{1,100}$/), z.number().int().nonnegative()]).transform(String);
const millis = z.number().int().positive();

const attachment = z.object({
  type: z.string().min(1).max(40),
  payload: z
    .object({ url: z.string().max(4000).optional() })
    .partial()
    .optional(),
});

const messagingEvent = z.object({
  sender: z.object({ id }),
  recipient: z.object({ id }),
  timestamp: millis.optional(),
  message: z
    .object({
      mid: z.string().min(1).max(500),
      text: z.string().max(10_000).optional(),
      is_echo: z.boolean().optional(),
      is_deleted: z.boolean().optional(),
      reply_to: z
        .object({
          story: z.object({ id, url: z.string().max(4000).optional() }).optional(),
          mid: z.string().optional(),
        })
        .optional(),
      attachments: z.array(attachment).max(20).optional(),
    })
    .optional(),
  reaction: z
    .object({
      mid: z.string().min(1).max(500),
      action: z.enum(["react", "unreact"]),
      reaction: z.string().max(100).optional(),
      emoji: z.string().max(100).optional(),
    })
    .optional(),
});

/** Meta's messaging envelope: one entry per account, each with its `messaging` events. */
export const metaMessagingDelivery = z.object({
  object: z.string().min(1),
  entry: z
    .array(
      z.object({
        id,
        time: z.number().int().positive().optional(),
        messaging: z.array(z.unknown()).max(1000).optional(),
      }),
    )
    .max(1000),
});

/**
 * Whether a delivery to Meta's endpoint carries messaging events (the inbox's), as opposed to
 * field changes. A look at the shape only, on the receivers' hot path; the worker parses fully.
 */
export function carriesMessaging(body: unknown): boolean {
  const entries = (body as { entry?: unknown } | null)?.entry;
  return (
    Array.isArray(entries) &&
    entries.some((entry) => {
      const messaging = (entry as { messaging?: unknown } | null)?.messaging;
      return Array.isArray(messaging) && messaging.length > 0;
    })
  );
}

/** Whether `body` is a Meta delivery about `object` ("instagram", "page"). */
export function isMetaObject(body: unknown, object: string): boolean {
  return typeof body === "object" && body !== null && (body as { object?: unknown }).object === object;
}

// An emoji alone: pictographs with their modifiers, joiners and variation selectors, or a flag.
const EMOJI_ALONE =
  /^(?:\p{Extended_Pictographic}|\p{Emoji_Modifier}|\p{Regional_Indicator}|\u200D|\uFE0F)+$/u;

/** A quick reaction to a story arrives as a story reply whose text is an emoji alone. */
export function isEmojiAlone(text: string | undefined): boolean {
  const trimmed = text?.trim();
  return (
    !!trimmed &&
    trimmed.length <= 32 &&
    EMOJI_ALONE.test(trimmed) &&
    /\p{Extended_Pictographic}|\p{Regional_Indicator}/u.test(trimmed)
  );
}

/**
 * Parses Meta's messaging envelope (Instagram's and Messenger's are one format): messages, echoes
 * of the account's own messages, story replies (reply_to.story), story mentions (an attachment
 * of type story_mention) and reactions to messages. A reaction has no id of its own, so it gets
 * one from what it carries (the reacted message, the person, the action and the time), which a
 * redelivery repeats. A removed reaction, a deleted message and receipts are skipped.
 */
export function parseMetaMessaging(body: unknown): InboundParse {
  const envelope = metaMessagingDelivery.safeParse(body);
  if (!envelope.success) throw new InboundFormatError(issueOf(envelope.error, "body"));
  const out: InboundParse = { events: [], skipped: [] };
  for (const [e, entry] of envelope.data.entry.entries()) {
    const fallbackTime = entry.time
      ? new Date(entry.time < 1e12 ? entry.time * 1000 : entry.time)
      : undefined;
    for (const [m, raw] of (entry.messaging ?? []).entries()) {
      const parsed = messagingEvent.safeParse(raw);
      if (!parsed.success) {
        out.skipped.push(`entry.${e}.messaging.${m}: ${issueOf(parsed.error, "event")}`);
        continue;
      }
      const event = eventOf(entry.id, parsed.data, fallbackTime);
      if (typeof event === "string") out.skipped.push(`entry.${e}.messaging.${m}: ${event}`);
      else out.events.push(event);
    }
  }
  return out;
}

function eventOf(
  accountId: string,
  raw: z.infer<typeof messagingEvent>,
  fallbackTime: Date | undefined,
): InboundEvent | string {
  const sentAt = raw.timestamp ? new Date(raw.timestamp) : fallbackTime;
  if (!sentAt) return "no timestamp";
  if (raw.reaction) {
    if (raw.reaction.action === "unreact") return "a removed reaction";
    const personId = raw.sender.id;
    return {
      accountId,
      personId,
      externalId: `reaction:${raw.reaction.mid}:${personId}:${raw.reaction.action}:${sentAt.getTime()}`,
      direction: personId === accountId ? "OUTBOUND" : "INBOUND",
      kind: "REACTION",
      text: raw.reaction.emoji ?? raw.reaction.reaction,
      sentAt,
    };
  }
  const message = raw.message;
  if (!message) return "neither a message nor a reaction (a receipt or another event)";
  if (message.is_deleted) return "a deleted message";
  const echo = message.is_echo === true;
  const personId = echo ? raw.recipient.id : raw.sender.id;
  const attachments = message.attachments ?? [];
  const mention = attachments.find((a) => a.type === "story_mention");
  const media = attachments.find((a) => a.type !== "story_mention" && a.payload?.url);
  const story = message.reply_to?.story;
  const text = message.text === undefined || message.text === "" ? undefined : message.text;
  let kind: InboundKind;
  if (mention) kind = "STORY_MENTION";
  else if (story) kind = isEmojiAlone(text) && !media ? "STORY_REACTION" : "STORY_REPLY";
  else if (media) kind = "MEDIA";
  else if (text !== undefined) kind = "TEXT";
  else return "a message with neither text nor an attachment StoryRelay keeps";
  const kept = mention?.payload?.url ? mention : media;
  return {
    accountId,
    personId,
    externalId: message.mid,
    direction: echo ? "OUTBOUND" : "INBOUND",
    kind,
    ...(text !== undefined ? { text } : {}),
    ...(kept?.payload?.url ? { attachment: { url: kept.payload.url, type: kept.type } } : {}),
    ...(story ? { story: { externalId: story.id, certain: true } } : {}),
    sentAt,
  };
}

function issueOf(error: z.ZodError, prefix: string): string {
  const issue = error.issues[0];
  const path = [prefix, ...(issue?.path ?? []).map(String)].join(".");
  return `${path}: ${issue?.message ?? "invalid"}`;
}
