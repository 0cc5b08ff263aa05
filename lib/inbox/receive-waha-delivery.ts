import type { Platform } from "@/lib/db/generated/enums";
import { platformsOfSource } from "@/lib/publishers/inbound-registry";
import { type StoreInboundDeps, storeInboundDelivery } from "./store-inbound-delivery";
import { wahaSignatureMatches, wahaWebhookKey } from "./waha-webhook-key";

/** The WAHA receiver's row in MetaWebhookStatus (the table is keyed by endpoint). */
export const WAHA_WEBHOOK_ENDPOINT = "waha";

export type WahaReceiveDeps = StoreInboundDeps & {
  /** The server secret the per-channel keys derive from (waha-webhook-key.ts). */
  serverSecret: string;
  now: () => Date;
};

export type WahaReceiveOutcome =
  | { kind: "refused"; reason: "unsigned" | "bad_signature" }
  /** Signed by the channel's key but not JSON: nothing stored, the gateway is told why. */
  | { kind: "malformed"; detail: string }
  | { kind: "accepted"; deliveryId: string };

const CHANNEL_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * One WAHA webhook delivery to a channel's own URL (/api/webhooks/waha/<channelId>): checks
 * `X-Webhook-Hmac` (HMAC-SHA512 of the raw body, keyed by the channel's derived key), then stores
 * it and queues it. A channel that does not exist or takes no WAHA deliveries is refused exactly
 * like a bad signature, after the same HMAC work, so the URL tells a stranger nothing about which
 * channel ids exist. Refusals are counted and nothing of them is stored.
 */
export async function receiveWahaDelivery(
  deps: WahaReceiveDeps,
  input: { channelId: string; rawBody: Buffer; signature: string | null; algorithm: string | null },
): Promise<WahaReceiveOutcome> {
  if (!input.signature) return refuse(deps, "unsigned");
  const channel = CHANNEL_ID.test(input.channelId)
    ? await deps.db.channel.findUnique({
        // By id alone: the URL is all a gateway knows, and the signature proves the caller has its key.
        where: { id: input.channelId },
        select: { id: true, platform: true, sandbox: true },
      })
    : null;
  const accepts = !!channel && platformsOfSource("waha").includes(channel.platform as Platform);
  const algorithmOk = input.algorithm === null || input.algorithm.trim().toLowerCase() === "sha512";
  const matches = wahaSignatureMatches(
    input.rawBody,
    input.signature,
    wahaWebhookKey(deps.serverSecret, input.channelId),
  );
  if (!channel || !accepts || !algorithmOk || !matches) return refuse(deps, "bad_signature");
  try {
    JSON.parse(input.rawBody.toString("utf8"));
  } catch {
    return { kind: "malformed", detail: "the body is not JSON." };
  }
  const { deliveryId } = await storeInboundDelivery(deps, {
    source: "waha",
    channelId: channel.id,
    sandbox: channel.sandbox,
    body: input.rawBody,
  });
  return { kind: "accepted", deliveryId };
}

const REASONS = {
  unsigned: "A WAHA delivery came without an X-Webhook-Hmac header.",
  bad_signature:
    "A WAHA delivery's X-Webhook-Hmac did not match its channel's key (or the URL names no WhatsApp channel).",
} as const;

async function refuse(deps: WahaReceiveDeps, reason: keyof typeof REASONS): Promise<WahaReceiveOutcome> {
  // The body is not logged: unverified, it is anyone's text.
  deps.logger.warn({ reason }, "WAHA webhook delivery refused");
  const at = deps.now();
  await deps.db.metaWebhookStatus
    .upsert({
      where: { endpoint: WAHA_WEBHOOK_ENDPOINT },
      update: { lastRefusedAt: at, lastRefusedReason: REASONS[reason], refusedCount: { increment: 1 } },
      create: {
        endpoint: WAHA_WEBHOOK_ENDPOINT,
        lastRefusedAt: at,
        lastRefusedReason: REASONS[reason],
        refusedCount: 1,
      },
    })
    .catch(() => undefined);
  return { kind: "refused", reason };
}
