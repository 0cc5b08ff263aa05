import type { SimState } from "../core/sim-state";
import { sendMetaDelivery, sign } from "./story-insights-webhook";
import type { WebhookDelivery } from "./webhook-book";

/** One event of a `messaging` array: a message, an echo or a reaction (docs/platform-contracts.md). */
export type MessagingEvent = Record<string, unknown>;

/**
 * Sends one messaging event to the app's callback the way Meta does for the `messages` (and
 * `message_reactions`) fields: `{object, entry:[{id, time, messaging:[event]}]}`, signed like the
 * story_insights deliveries and retried alike. `duplicate` sends the very same bytes twice, as
 * Meta sometimes does. Nothing is sent without a subscription that includes "messages" (or, for
 * reactions, "message_reactions").
 * Returns the ids of the deliveries made.
 */
export function deliverMessagingEvent(
  state: SimState,
  platform: "instagram" | "facebook",
  accountId: string,
  event: MessagingEvent,
  options: { messageId?: string; duplicate?: boolean } = {},
): number[] {
  const subscription = state.webhooks.subscription;
  // Meta sends reactions under their own field; the simulator also sends them to a plain
  // "messages" subscription (its default), so a sandbox inbox sees them without extra set-up.
  const wanted = "reaction" in event ? ["messages", "message_reactions"] : ["messages"];
  if (!subscription?.fields.some((field) => wanted.includes(field))) return [];
  const now = state.now();
  const body = JSON.stringify({
    object: platform === "facebook" ? "page" : "instagram",
    entry: [{ id: accountId, time: now, messaging: [event] }],
  });
  const badSignature = state.webhooks.takeBadSignature(platform, accountId);
  const secret = badSignature ? `${state.options.appSecret}:not-the-app-secret` : state.options.appSecret;
  const signature = sign(body, secret, "sha256");
  const ids: number[] = [];
  for (let copy = 0; copy < (options.duplicate ? 2 : 1); copy++) {
    const delivery: WebhookDelivery = {
      id: state.webhooks.deliveries.length + 1,
      field: "messages",
      platform,
      accountId,
      messageId: options.messageId,
      body,
      signature,
      badSignature,
      attempts: [],
      state: "pending",
    };
    state.webhooks.deliveries.push(delivery);
    ids.push(delivery.id);
    void sendMetaDelivery(state, subscription, delivery);
  }
  return ids;
}
