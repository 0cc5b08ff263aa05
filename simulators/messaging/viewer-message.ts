import { z } from "zod";
import type { Platform, WahaSession } from "../core/entities";
import { metaMid } from "../core/ids";
import type { SimState } from "../core/sim-state";
import { mediaUrl } from "../graph/graph-fields";
import { avatarUrl } from "../graph/user-profile";
import { SimHttpError } from "../http/sim-response";
import { meOf, settleSession } from "../waha/waha-pairing";
import { phoneMessageId } from "../waha/waha-send-message";
import { deliverMessagingEvent } from "../webhooks/messaging-webhook";
import { deliverWahaEvent } from "../webhooks/waha-webhooks";
import type { SandboxPerson } from "./messaging-book";
import { findViewer, resolveViewer } from "./sandbox-people";

export const viewerMessageSchema = z
  .object({
    platform: z.enum(["instagram", "facebook", "whatsapp"]),
    accountId: z.string().min(1),
    kind: z.enum(["story_reply", "story_reaction", "story_mention", "text", "reaction"]),
    storyId: z.string().min(1).optional(),
    text: z.string().trim().min(1).max(2000).optional(),
    emoji: z.string().trim().min(1).max(16).optional(),
    reactToMid: z.string().min(1).optional(),
    viewer: z
      .object({
        id: z.string().min(1).optional(),
        name: z.string().max(100).optional(),
        username: z.string().max(100).optional(),
      })
      .optional(),
    duplicate: z.boolean().optional(),
  })
  .superRefine((input, ctx) => {
    const need = (field: "storyId" | "text" | "reactToMid") => {
      if (input[field] === undefined) {
        ctx.addIssue({ code: "custom", path: [field], message: `is required for kind ${input.kind}` });
      }
    };
    if (input.kind === "story_reply") {
      need("storyId");
      need("text");
    }
    if (input.kind === "story_reaction") need("storyId");
    if (input.kind === "text") need("text");
    if (input.kind === "reaction") need("reactToMid");
  });

export type ViewerMessageInput = z.output<typeof viewerMessageSchema>;

const refuse = (error: string) => new SimHttpError(422, { error });

export interface ViewerMessageResult {
  viewer: { id: string; name: string; username: string };
  /** The message id the platform gave the person's message (a reaction's own id on WhatsApp). */
  messageId: string;
  /** Meta: the `messaging` event; WAHA: `{event, session, payload}` of the "message" event. */
  event: Record<string, unknown>;
  deliveries: number[];
}

/** A story of the account that a person can answer right now, with the URL its reply points at. */
interface LiveStory {
  id: string;
  url: string;
}

function liveAt(state: SimState, publishedAt: number): boolean {
  const now = state.now();
  return publishedAt <= now && now < publishedAt + state.options.storyLifetimeMs;
}

function findMetaStory(
  state: SimState,
  origin: string,
  platform: "instagram" | "facebook",
  accountId: string,
  storyId: string,
): LiveStory {
  if (platform === "instagram") {
    const media = state.instagramMedia.get(storyId);
    if (!media || media.accountId !== accountId) {
      throw refuse(`story ${storyId} is not a story of Instagram account ${accountId}`);
    }
    if (!liveAt(state, media.publishedAt))
      throw refuse(`story ${storyId} has expired: only live stories can be answered`);
    return { id: storyId, url: mediaUrl(origin, media.sha256) };
  }
  // A page story is known by its post id, or by the id of the photo or video it shows.
  const story = [...state.stories.values()].find(
    (s) => s.pageId === accountId && (s.postId === storyId || s.mediaId === storyId),
  );
  if (!story) throw refuse(`story ${storyId} is not a story of page ${accountId}`);
  if (!liveAt(state, story.publishedAt))
    throw refuse(`story ${storyId} has expired: only live stories can be answered`);
  return { id: storyId, url: mediaUrl(origin, story.sha256) };
}

/** Whether a message id belongs to the thread between the account and the person (either way). */
function inThread(state: SimState, accountId: string, personId: string, messageId: string): boolean {
  const book = state.messaging;
  return (
    book.inbound.some(
      (m) => m.accountId === accountId && m.personId === personId && m.messageId === messageId,
    ) ||
    book.sent.some(
      (m) => m.accountId === accountId && m.recipientId === personId && m.messageId === messageId,
    )
  );
}

/** A reaction must name a message of the person's thread with the account (checked before anyone is created). */
function requireInThread(
  state: SimState,
  platform: Platform,
  accountId: string,
  input: ViewerMessageInput,
): void {
  const person = findViewer(state, platform, accountId, input.viewer);
  if (!person || !inThread(state, accountId, person.id, input.reactToMid ?? "")) {
    const who = person ? person.id : "this viewer";
    throw refuse(`message ${input.reactToMid} is not in ${who}'s conversation with ${accountId}`);
  }
}

function viewerView(person: SandboxPerson) {
  return { id: person.id, name: person.name, username: person.username };
}

function metaAccountExists(state: SimState, platform: "instagram" | "facebook", accountId: string): boolean {
  return platform === "instagram" ? state.instagramAccounts.has(accountId) : state.pages.has(accountId);
}

function actOnMeta(
  state: SimState,
  origin: string,
  input: ViewerMessageInput,
  platform: "instagram" | "facebook",
): ViewerMessageResult {
  const accountId = input.accountId;
  if (!metaAccountExists(state, platform, accountId)) {
    throw new SimHttpError(404, { error: `no ${platform} account ${accountId}` });
  }
  if (input.kind === "story_mention" && platform !== "instagram") {
    throw refuse("story mentions exist on Instagram only");
  }
  const story =
    input.storyId && input.kind.startsWith("story_")
      ? findMetaStory(state, origin, platform, accountId, input.storyId)
      : undefined;
  if (input.kind === "reaction") requireInThread(state, platform, accountId, input);
  const person = resolveViewer(state, platform, accountId, input.viewer);
  const now = state.now();
  const mid = metaMid(platform);
  const base = { sender: { id: person.id }, recipient: { id: accountId }, timestamp: now };
  let event: Record<string, unknown>;
  switch (input.kind) {
    case "story_reply":
    case "story_reaction":
      // A quick reaction to a story arrives as a story reply whose text is the emoji alone.
      event = {
        ...base,
        message: {
          mid,
          text: input.kind === "story_reply" ? input.text : (input.emoji ?? "❤️"),
          reply_to: { story: { id: story?.id, url: story?.url } },
        },
      };
      break;
    case "story_mention":
      event = {
        ...base,
        message: {
          mid,
          attachments: [{ type: "story_mention", payload: { url: avatarUrl(origin, person.id) } }],
        },
      };
      break;
    case "text":
      event = { ...base, message: { mid, text: input.text } };
      break;
    case "reaction": {
      const emoji = input.emoji ?? "❤️";
      event = {
        ...base,
        // Meta names the heart "love" and files every other emoji as "other".
        reaction: {
          mid: input.reactToMid,
          action: "react",
          reaction: emoji === "❤️" ? "love" : "other",
          emoji,
        },
      };
      break;
    }
  }
  // A reaction has no mid of its own; it names the message it reacts to.
  const messageId = input.kind === "reaction" ? (input.reactToMid as string) : mid;
  state.messaging.recordInbound({ platform, accountId, personId: person.id, messageId, at: now });
  const deliveries = deliverMessagingEvent(state, platform, accountId, event, {
    messageId,
    duplicate: input.duplicate,
  });
  return { viewer: viewerView(person), messageId, event, deliveries };
}

function findStatus(state: SimState, session: WahaSession, storyId: string): { id: string; text?: string } {
  const status = state.wahaStatuses.get(`${session.id}/${storyId}`);
  if (!status) throw refuse(`status ${storyId} is not a status of session ${session.id}`);
  if (status.deletedAt !== undefined)
    throw refuse(`status ${storyId} was deleted: only live statuses can be answered`);
  if (!liveAt(state, status.createdAt))
    throw refuse(`status ${storyId} has expired: only live statuses can be answered`);
  return { id: status.id, text: status.text };
}

function actOnWhatsApp(state: SimState, input: ViewerMessageInput): ViewerMessageResult {
  const found = state.sessions.get(input.accountId);
  if (!found) throw new SimHttpError(404, { error: `no WAHA session ${input.accountId}` });
  const session = settleSession(state, found);
  if (input.kind === "story_mention") throw refuse("WhatsApp has no story mentions");
  if (session.state !== "WORKING") {
    throw refuse(`session ${session.id} is ${session.state}: only a WORKING session receives messages`);
  }
  const status =
    input.storyId && input.kind.startsWith("story_") ? findStatus(state, session, input.storyId) : undefined;
  if (input.kind === "reaction") requireInThread(state, "whatsapp", session.id, input);
  const person = resolveViewer(state, "whatsapp", session.id, input.viewer);
  const now = state.now();
  const me = meOf(session);
  const id = `false_${person.id}_${phoneMessageId()}`;
  const common = {
    id,
    timestamp: Math.floor(now / 1000),
    from: person.id,
    fromMe: false,
    to: me?.id ?? null,
  };
  let event: string;
  let payload: Record<string, unknown>;
  if (input.kind === "reaction") {
    event = "message.reaction";
    payload = { ...common, reaction: { text: input.emoji ?? "👍", messageId: input.reactToMid } };
  } else {
    event = "message";
    const body = input.kind === "story_reaction" ? (input.emoji ?? "❤️") : (input.text ?? "");
    payload = {
      ...common,
      body,
      hasMedia: false,
      // A reply to a status quotes it: replyTo.id is the status's key.id.
      ...(status
        ? { replyTo: { id: status.id, participant: me?.id ?? null, body: status.text ?? null } }
        : {}),
      _data: { notifyName: person.name },
    };
  }
  const messageId = id;
  state.messaging.recordInbound({
    platform: "whatsapp",
    accountId: session.id,
    personId: person.id,
    messageId,
    at: now,
  });
  const options = { messageId, duplicate: input.duplicate };
  const deliveries = deliverWahaEvent(state, session, event, payload, options);
  // WAHA also reports every message the phone sees as message.any, to webhooks that ask for it.
  if (event === "message")
    deliveries.push(...deliverWahaEvent(state, session, "message.any", payload, options));
  return {
    viewer: viewerView(person),
    messageId,
    event: { event, session: session.id, payload },
    deliveries,
  };
}

/**
 * POST /_sim/viewers/messages: a sandbox person replies to, reacts to or mentions a brand's
 * story, writes a message, or reacts to one. The person's last-message time opens the Send API's
 * window; the event goes to the app's callback (Meta) or the session's webhooks (WAHA).
 */
export function actAsViewer(state: SimState, origin: string, input: ViewerMessageInput): ViewerMessageResult {
  const platform: Platform = input.platform;
  if (platform === "whatsapp") return actOnWhatsApp(state, input);
  return actOnMeta(state, origin, input, platform);
}
