import { createHash } from "node:crypto";
import type { ReplyWindow } from "@/lib/core/reply-window";
import { AppError } from "@/lib/errors";
import type { ConversationView } from "@/lib/inbox/get-conversation";
import type { ConversationListItem } from "@/lib/inbox/list-conversations";
import type { OutboundMessage } from "@/lib/inbox/outbound-message";

// The inbox's use-case results in the API's shapes (resources.ts: conversationSchema, messageSchema).

function windowFields(window: ReplyWindow) {
  return {
    replyWindowClosesAt: window.kind === "open" || window.kind === "tagged" ? window.closesAt : null,
    replyClosedReason: window.kind === "closed" ? window.reason : null,
  };
}

export function presentConversation(c: ConversationListItem) {
  return {
    id: c.id,
    brandId: c.brand.id,
    channel: c.channel,
    person: {
      id: c.participantId,
      name: c.participantName,
      handle: c.participantHandle,
      avatarUrl: c.participantAvatarUrl,
    },
    status: c.status,
    assigneeId: c.assignee?.id ?? null,
    unreadCount: c.unreadCount,
    lastMessageAt: c.lastMessageAt,
    lastInboundAt: c.lastInboundAt,
    lastMessagePreview: c.lastMessagePreview,
    ...windowFields(c.window),
  };
}

export function presentMessage(
  conversationId: string,
  m: ConversationView["messages"][number] | OutboundMessage,
) {
  return {
    id: m.id,
    conversationId,
    direction: m.direction,
    kind: m.kind,
    text: m.text,
    attachmentType: m.attachmentType,
    storyId: "frame" in m ? (m.frame?.storyId ?? null) : null,
    sentAt: m.sentAt,
    clientId: m.clientId,
    sendState: m.sendState,
    sendError: m.sendError,
    humanAgentTag: m.humanAgentTag,
  };
}

/**
 * The message's client id: the body's clientId, else one made from the Idempotency-Key (itself
 * when it is a UUID, else a UUID derived from it and the workspace, so the same key is the same
 * message). Without either a retry could send twice, so it is refused.
 */
export function replyClientId(input: {
  clientId?: string;
  idempotencyKey: string | null;
  workspaceId: string;
}): string {
  if (input.clientId) return input.clientId;
  const key = input.idempotencyKey;
  if (!key) {
    throw new AppError(
      "INVALID_INPUT",
      "Send an Idempotency-Key header or a clientId (a UUID made once per message), so a retried request never sends the message twice.",
      { fields: { clientId: "Required without an Idempotency-Key header." } },
    );
  }
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i.test(key))
    return key.toLowerCase();
  const hex = createHash("sha256").update(`${input.workspaceId}\n${key}`).digest("hex");
  // An RFC 9562 version 8 (custom) UUID: the version and variant bits set, the rest from the hash.
  const variant = ((Number.parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
