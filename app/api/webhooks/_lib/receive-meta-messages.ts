import { type StoreInboundDeps, storeInboundDelivery } from "@/lib/inbox/store-inbound-delivery";
import { type InsightsWebhookDeps, REFUSALS } from "@/lib/insights/receive-insights-webhook";
import { checkWebhookSignature } from "@/lib/insights/webhook-signature";
import { noteWebhookEvent } from "@/lib/insights/webhook-status";

export type MetaMessagesOutcome =
  | { kind: "refused"; reason: "unsigned" | "malformed_signature" | "bad_signature" }
  | { kind: "accepted"; deliveryId: string };

/** The setup doctor's "last delivery" is noted at most this often: a reply burst must not queue on one row. */
const NOTE_EVERY_MS = 10_000;
const noted = globalThis as { storyRelayMessagesNotedAt?: number };

/**
 * A delivery to Meta's endpoint that carries only messaging events (replies, reactions, mentions,
 * echoes): the signature is checked as for insights (the same secrets, the same sandbox reach, a
 * refusal noted and counted), then the bytes are stored for the inbox worker and the answer is
 * 200 after one INSERT and one job. Here, where the route meets both, because the signature and
 * the endpoint's status belong to lib/insights and the store to lib/inbox, one layer apart from
 * neither.
 */
export async function receiveMetaMessages(
  meta: InsightsWebhookDeps,
  inbox: StoreInboundDeps,
  input: { rawBody: Buffer; signature: string | null },
): Promise<MetaMessagesOutcome> {
  const signature = checkWebhookSignature(input.rawBody, input.signature, meta.secrets);
  if (!signature.ok) {
    // The body is not logged: unverified, it is anyone's text.
    meta.logger.warn({ reason: signature.reason, bytes: input.rawBody.length }, "webhook delivery refused");
    await noteWebhookEvent(meta, { kind: "refused", at: meta.now(), reason: REFUSALS[signature.reason] });
    return { kind: "refused", reason: signature.reason };
  }
  const { deliveryId } = await storeInboundDelivery(inbox, {
    source: "meta",
    sandbox: signature.sandbox,
    body: input.rawBody,
  });
  const now = meta.now();
  if (now.getTime() - (noted.storyRelayMessagesNotedAt ?? 0) >= NOTE_EVERY_MS) {
    noted.storyRelayMessagesNotedAt = now.getTime();
    void noteWebhookEvent(meta, { kind: "delivered", at: now, stored: 0 });
  }
  return { kind: "accepted", deliveryId };
}
