import { createHash, timingSafeEqual } from "node:crypto";
import type { Db } from "@/lib/db/client";
import type { Logger } from "@/lib/logger";
import { noteWebhookEvent } from "./webhook-status";

export type WebhookVerificationDeps = {
  db: Db;
  logger: Logger;
  /** META_WEBHOOK_VERIFY_TOKEN; unset, every verification is refused. */
  verifyToken: string | undefined;
  now: () => Date;
};

export type WebhookVerificationQuery = {
  mode: string | null;
  verifyToken: string | null;
  challenge: string | null;
};

export type WebhookVerification = { ok: true; challenge: string } | { ok: false; reason: string };

// Meta sends an integer; anything echoed back is text we wrote into a response, so keep it plain.
const CHALLENGE = /^[A-Za-z0-9_-]{1,256}$/;

const digest = (value: string) => createHash("sha256").update(value).digest();

/**
 * Meta's verification request, sent when someone saves the callback URL in the app's Webhooks
 * settings: `hub.mode=subscribe`, the Verify Token typed there, and a challenge to echo. Only the
 * right token gets the challenge back; a refusal names what was wrong (never the token given).
 */
export async function receiveWebhookVerification(
  deps: WebhookVerificationDeps,
  query: WebhookVerificationQuery,
): Promise<WebhookVerification> {
  const reason = refusal(deps.verifyToken, query);
  if (reason) {
    deps.logger.warn({ reason, mode: query.mode }, "webhook verification refused");
    await noteWebhookEvent(deps, { kind: "refused", at: deps.now(), reason });
    return { ok: false, reason };
  }
  await noteWebhookEvent(deps, { kind: "verified", at: deps.now() });
  deps.logger.info("webhook verification answered");
  return { ok: true, challenge: query.challenge ?? "" };
}

function refusal(expected: string | undefined, query: WebhookVerificationQuery): string | undefined {
  if (query.mode !== "subscribe") {
    return `hub.mode must be "subscribe" (Meta's verification request); got ${query.mode ? `"${query.mode.slice(0, 40)}"` : "none"}.`;
  }
  if (!query.challenge || !CHALLENGE.test(query.challenge)) {
    return "hub.challenge is missing or not a plain token, so there is nothing to echo.";
  }
  if (!expected) {
    return "META_WEBHOOK_VERIFY_TOKEN is not set on this installation, so no verification can succeed.";
  }
  // Digests of equal length, so the comparison takes the same time whatever was sent.
  if (!query.verifyToken || !timingSafeEqual(digest(query.verifyToken), digest(expected))) {
    return "hub.verify_token does not match META_WEBHOOK_VERIFY_TOKEN.";
  }
  return undefined;
}
