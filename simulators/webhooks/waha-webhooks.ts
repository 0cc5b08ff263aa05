import { createHmac, randomBytes } from "node:crypto";
import type { WahaSession } from "../core/entities";
import type { SimState } from "../core/sim-state";
import { meOf } from "../waha/waha-pairing";
import { postWithRetries } from "./post-with-retries";
import type { WahaDelivery } from "./webhook-book";

/** WAHA's event ids: "evt_" and a ULID-like tail. */
function eventId(): string {
  return `evt_${randomBytes(13).toString("hex").toUpperCase()}`;
}

/**
 * Posts one WAHA event to every webhook of the session's config that subscribed to it (or to
 * "*"), as WAHA does: `{id, timestamp, event, session, me, payload, engine}`, signed with
 * `X-Webhook-Hmac` (hex HMAC-SHA512 of the body with the webhook's hmac key) when it has one,
 * retried after each of `whatsapp.webhookRetryDelaysMs` on a non-2xx. `duplicate` posts the very
 * same bytes twice. Returns the ids of the deliveries made.
 */
export function deliverWahaEvent(
  state: SimState,
  session: WahaSession,
  event: string,
  payload: Record<string, unknown>,
  options: { messageId?: string; duplicate?: boolean } = {},
): number[] {
  const webhooks = (session.config?.webhooks ?? []).filter(
    (hook) => hook.events.includes("*") || hook.events.includes(event),
  );
  const ids: number[] = [];
  for (const hook of webhooks) {
    const now = Date.now();
    const body = JSON.stringify({
      id: eventId(),
      timestamp: state.now(),
      event,
      session: session.id,
      me: meOf(session),
      payload,
      engine: "WEBJS",
    });
    const badSignature = state.webhooks.takeBadSignature("whatsapp", session.id);
    const key = hook.hmac?.key;
    const hmac = key
      ? createHmac("sha512", badSignature ? `${key}:not-the-key` : key)
          .update(body)
          .digest("hex")
      : undefined;
    const requestId = randomBytes(16).toString("hex");
    const headers: Record<string, string> = {
      "x-webhook-request-id": requestId,
      "x-webhook-timestamp": String(now),
    };
    if (hmac) {
      headers["x-webhook-hmac"] = hmac;
      headers["x-webhook-hmac-algorithm"] = "sha512";
    }
    for (const header of hook.customHeaders ?? []) headers[header.name.toLowerCase()] = header.value;
    for (let copy = 0; copy < (options.duplicate ? 2 : 1); copy++) {
      const delivery: WahaDelivery = {
        id: state.webhooks.wahaDeliveries.length + 1,
        session: session.id,
        event,
        url: hook.url,
        messageId: options.messageId,
        body,
        hmac,
        badSignature,
        attempts: [],
        state: "pending",
      };
      state.webhooks.wahaDeliveries.push(delivery);
      ids.push(delivery.id);
      void postWithRetries(state, delivery, {
        url: hook.url,
        headers,
        body,
        retryDelaysMs: state.options.whatsapp.webhookRetryDelaysMs,
        timeoutMs: state.options.whatsapp.webhookTimeoutMs,
        stillWanted: () => state.webhooks.wahaDeliveries.includes(delivery),
      });
    }
  }
  return ids;
}

/** A WAHA delivery as GET /_sim/webhooks lists it. */
export function wahaDeliveryView(delivery: WahaDelivery) {
  return {
    id: delivery.id,
    session: delivery.session,
    event: delivery.event,
    url: delivery.url,
    messageId: delivery.messageId,
    state: delivery.state,
    badSignature: delivery.badSignature,
    attempts: delivery.attempts,
    payload: JSON.parse(delivery.body) as unknown,
    body: delivery.body,
    hmac: delivery.hmac,
  };
}
