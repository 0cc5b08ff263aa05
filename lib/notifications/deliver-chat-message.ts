import { backoffDelayMs } from "@/lib/core/backoff";
import type { SecretBox } from "@/lib/crypto/secret-box";
import type { Db } from "@/lib/db/client";
import { chatTextForSending } from "./chat-text";
import { type ChatPostConfig, openChatUrl, postChat } from "./post-chat";

export type ChatDeliveryDeps = {
  db: Db;
  box: SecretBox;
  post: ChatPostConfig;
  baseUrl: string;
  now(): Date;
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
};

/** Held while one worker posts; a crashed post becomes due again once it passes. */
const SEND_LEASE_MS = 60_000;
const BATCH = 50;

export type ChatOutcome =
  | { kind: "skipped" }
  | { kind: "delivered" }
  | { kind: "retry"; attempt: number; delayMs: number }
  | { kind: "failed"; attempt: number };

/**
 * One attempt of one chat post, like a webhook delivery's (lib/webhooks/deliver-webhook.ts): the
 * row is claimed by pushing nextAttemptAt out by a lease, then the POST, then DELIVERED on 2xx, a
 * retry after exponential backoff otherwise, FAILED after maxAttempts.
 */
export async function deliverChatMessage(deps: ChatDeliveryDeps, messageId: string): Promise<ChatOutcome> {
  const now = deps.now();
  const claimed = await deps.db.chatMessage.updateMany({
    where: { id: messageId, status: "PENDING", nextAttemptAt: { lte: now } },
    data: { nextAttemptAt: new Date(now.getTime() + SEND_LEASE_MS) },
  });
  if (claimed.count === 0) return { kind: "skipped" };
  const message = await deps.db.chatMessage.findUniqueOrThrow({
    where: { id: messageId },
    select: { id: true, workspaceId: true, attempts: true, text: true, chatWebhook: true },
  });
  const attempt = message.attempts + 1;
  let url: string | null = null;
  try {
    url = openChatUrl(deps.box, message.workspaceId, message.chatWebhook);
  } catch {
    url = null;
  }
  const result = url
    ? await postChat(url, chatTextForSending(message.text, deps.baseUrl), deps.post)
    : {
        statusCode: null,
        error: "The saved URL cannot be decrypted (was ENCRYPTION_KEY changed?). Save it again.",
      };
  const finishedAt = deps.now();
  const recorded = { attempts: attempt, lastStatusCode: result.statusCode, lastError: result.error };
  if (result.error === null) {
    await deps.db.chatMessage.update({
      where: { id: message.id },
      data: { ...recorded, status: "DELIVERED", deliveredAt: finishedAt, nextAttemptAt: null },
    });
    return { kind: "delivered" };
  }
  if (url === null || attempt >= deps.maxAttempts) {
    await deps.db.chatMessage.update({
      where: { id: message.id },
      data: { ...recorded, status: "FAILED", nextAttemptAt: null },
    });
    return { kind: "failed", attempt };
  }
  const delayMs = backoffDelayMs(attempt, { baseMs: deps.retryBaseMs, maxMs: deps.retryMaxMs });
  await deps.db.chatMessage.update({
    where: { id: message.id },
    data: { ...recorded, nextAttemptAt: new Date(finishedAt.getTime() + delayMs) },
  });
  return { kind: "retry", attempt, delayMs };
}

/** Posts every chat message that is due, one attempt each; returns how many were attempted. */
export async function deliverDueChatMessages(deps: ChatDeliveryDeps): Promise<number> {
  // Served by ChatMessage(status, nextAttemptAt).
  const due = await deps.db.chatMessage.findMany({
    where: { status: "PENDING", nextAttemptAt: { lte: deps.now() } },
    orderBy: { nextAttemptAt: "asc" },
    select: { id: true },
    take: BATCH,
  });
  await Promise.all(due.map((message) => deliverChatMessage(deps, message.id)));
  return due.length;
}
