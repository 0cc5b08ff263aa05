import { backoffDelayMs } from "@/lib/core/backoff";
import type { SecretBox } from "@/lib/crypto/secret-box";
import type { Db } from "@/lib/db/client";
import { FetchDeadlineError, formatSeconds, safeFetch } from "@/lib/net/safe-fetch";
import { webhookSecretContext } from "./create-webhook";
import { SIGNATURE_HEADER, signWebhook } from "./sign-webhook";

export type WebhookDeliveryDeps = {
  db: Db;
  box: SecretBox;
  allowPrivate: boolean;
  now(): Date;
  /** Attempts before a delivery is given up as FAILED. */
  maxAttempts: number;
  /** Backoff between attempts (exponential with jitter, lib/core/backoff). */
  retryBaseMs: number;
  retryMaxMs: number;
  /** Longest silence from the endpoint. */
  timeoutMs: number;
  /** The whole attempt, connection to last byte (WEBHOOK_DEADLINE_MS); below SEND_LEASE_MS. */
  deadlineMs: number;
};

/** Held while one worker sends; a crashed send becomes due again once it passes. */
const SEND_LEASE_MS = 60_000;
/** A receiver's answer is recorded, not kept: a little of it helps whoever reads the log. */
const MAX_RESPONSE_BYTES = 64 * 1024;

export type DeliveryOutcome =
  | { kind: "skipped" }
  | { kind: "delivered"; statusCode: number }
  | { kind: "retry"; attempt: number; delayMs: number }
  | { kind: "failed"; attempt: number };

/**
 * One attempt of one delivery. The row is claimed by pushing nextAttemptAt out by a lease
 * (conditional on it being due), so two workers holding the same job send once; then the signed
 * POST, then the result: DELIVERED on 2xx, otherwise a retry after backoff until maxAttempts,
 * then FAILED. Every attempt records its status code or error for the delivery log.
 */
export async function deliverWebhook(
  deps: WebhookDeliveryDeps,
  deliveryId: string,
): Promise<DeliveryOutcome> {
  const now = deps.now();
  const claimed = await deps.db.webhookDelivery.updateMany({
    where: { id: deliveryId, status: "PENDING", nextAttemptAt: { lte: now } },
    data: { nextAttemptAt: new Date(now.getTime() + SEND_LEASE_MS) },
  });
  if (claimed.count === 0) return { kind: "skipped" };
  const delivery = await deps.db.webhookDelivery.findUniqueOrThrow({
    where: { id: deliveryId },
    select: {
      id: true,
      attempts: true,
      eventId: true,
      eventType: true,
      payload: true,
      webhook: {
        select: {
          id: true,
          url: true,
          active: true,
          secretKeyId: true,
          secretIv: true,
          secretTag: true,
          secretCiphertext: true,
        },
      },
    },
  });
  const attempt = delivery.attempts + 1;
  const { webhook } = delivery;
  let secret: string;
  try {
    secret = deps.box.open(
      {
        keyId: webhook.secretKeyId,
        iv: webhook.secretIv,
        authTag: webhook.secretTag,
        ciphertext: webhook.secretCiphertext,
      },
      webhookSecretContext(webhook.id),
    );
  } catch {
    // Retrying cannot help: the key it was sealed with is gone. Say so in the log instead of looping.
    await deps.db.webhookDelivery.update({
      where: { id: delivery.id },
      data: {
        status: "FAILED",
        attempts: attempt,
        nextAttemptAt: null,
        lastError:
          "The endpoint's signing secret cannot be decrypted (was ENCRYPTION_KEY changed?). Add the webhook again.",
      },
    });
    return { kind: "failed", attempt };
  }
  const body = JSON.stringify(delivery.payload);
  const timestamp = Math.floor(now.getTime() / 1000);
  let statusCode: number | null = null;
  let error: string | null = null;
  try {
    const response = await safeFetch(webhook.url, {
      method: "POST",
      allowPrivate: deps.allowPrivate,
      maxBytes: MAX_RESPONSE_BYTES,
      timeoutMs: Math.min(deps.timeoutMs, deps.deadlineMs),
      deadlineMs: deps.deadlineMs,
      body,
      headers: {
        "content-type": "application/json",
        "user-agent": "StoryRelay-Webhooks/1",
        [SIGNATURE_HEADER]: signWebhook(secret, body, timestamp),
        "StoryRelay-Timestamp": String(timestamp),
        "StoryRelay-Event": delivery.eventType,
        "StoryRelay-Event-Id": delivery.eventId,
        "StoryRelay-Delivery": delivery.id,
      },
    });
    statusCode = response.status;
    if (statusCode < 200 || statusCode >= 300) error = `The endpoint answered HTTP ${statusCode}.`;
  } catch (caught) {
    error =
      caught instanceof FetchDeadlineError
        ? `The endpoint did not answer within ${formatSeconds(caught.deadlineMs)} (the whole response counts).`
        : caught instanceof Error
          ? caught.message
          : String(caught);
  }

  const finishedAt = deps.now();
  if (error === null) {
    await deps.db.webhookDelivery.update({
      where: { id: delivery.id },
      data: {
        status: "DELIVERED",
        attempts: attempt,
        lastStatusCode: statusCode,
        lastError: null,
        deliveredAt: finishedAt,
        nextAttemptAt: null,
      },
    });
    return { kind: "delivered", statusCode: statusCode ?? 0 };
  }
  if (attempt >= deps.maxAttempts) {
    await deps.db.webhookDelivery.update({
      where: { id: delivery.id },
      data: {
        status: "FAILED",
        attempts: attempt,
        lastStatusCode: statusCode,
        lastError: error,
        nextAttemptAt: null,
      },
    });
    return { kind: "failed", attempt };
  }
  const delayMs = backoffDelayMs(attempt, { baseMs: deps.retryBaseMs, maxMs: deps.retryMaxMs });
  await deps.db.webhookDelivery.update({
    where: { id: delivery.id },
    data: {
      attempts: attempt,
      lastStatusCode: statusCode,
      lastError: error,
      nextAttemptAt: new Date(finishedAt.getTime() + delayMs),
    },
  });
  return { kind: "retry", attempt, delayMs };
}
