import { createHmac, randomInt } from "node:crypto";
import { z } from "zod";
import type { InstagramMedia } from "../core/entities";
import type { SimState } from "../core/sim-state";
import { storyInsightsAt } from "../graph/instagram-insights";
import { SimHttpError } from "../http/sim-response";
import { postWithRetries } from "./post-with-retries";
import type { WebhookDelivery, WebhookSubscription } from "./webhook-book";

/**
 * The webhook fields the simulated app can subscribe to. `message_reactions` is accepted for
 * apps that name it; reactions are delivered with either it or `messages` (see messaging-webhook).
 */
const FIELDS = ["story_insights", "messages", "message_reactions"] as const;

export const subscribeSchema = z.object({
  callbackUrl: z.url().refine((url) => /^https?:\/\//.test(url), "must be an http(s) URL"),
  verifyToken: z.string().min(1),
  fields: z.array(z.enum(FIELDS)).min(1).default(["story_insights", "messages"]),
});

export const sign = (body: string, secret: string, algorithm: "sha1" | "sha256") =>
  `${algorithm}=${createHmac(algorithm, secret).update(body).digest("hex")}`;

/**
 * What saving the callback in the App Dashboard does: Meta sends the verification request
 * (`GET callback?hub.mode=subscribe&hub.challenge=<int>&hub.verify_token=<token>`) and keeps the
 * subscription only if the challenge comes back as the body of a 200. Stories that expired before
 * the subscription are never delivered, as with Meta.
 */
export async function subscribeWebhook(
  state: SimState,
  input: z.output<typeof subscribeSchema>,
): Promise<WebhookSubscription> {
  const challenge = String(randomInt(1_000_000_000, 2_000_000_000));
  const url = new URL(input.callbackUrl);
  url.searchParams.set("hub.mode", "subscribe");
  url.searchParams.set("hub.challenge", challenge);
  url.searchParams.set("hub.verify_token", input.verifyToken);
  let status: number;
  let text: string;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(state.options.webhooks.timeoutMs) });
    status = response.status;
    text = await response.text();
  } catch (error) {
    throw new SimHttpError(422, {
      error: "callback verification failed: the callback URL could not be reached",
      detail: error instanceof Error ? error.message : String(error),
    });
  }
  if (status !== 200 || text.trim() !== challenge) {
    throw new SimHttpError(422, {
      error: "callback verification failed: the callback did not echo hub.challenge",
      status,
      body: text.slice(0, 300),
    });
  }
  const now = state.now();
  for (const media of state.instagramMedia.values()) {
    if (expiredBy(state, media, now)) state.webhooks.settled.add(media.id);
  }
  state.webhooks.subscription = { ...input, subscribedAt: now };
  return state.webhooks.subscription;
}

const expiredBy = (state: SimState, media: InstagramMedia, at: number) =>
  at >= media.publishedAt + state.options.storyLifetimeMs + state.options.webhooks.storyInsightsDelayMs;

/**
 * Sends the story_insights delivery of every story whose 24 h have passed on the simulated clock
 * (plus `webhooks.storyInsightsDelayMs`), once per story. Called on a real-time tick and right
 * after each clock advance, so tests that jump a day see the delivery without waiting.
 */
export function deliverExpiredStories(state: SimState): void {
  const subscription = state.webhooks.subscription;
  if (!subscription?.fields.includes("story_insights")) return;
  const now = state.now();
  for (const media of state.instagramMedia.values()) {
    if (state.webhooks.settled.has(media.id) || !expiredBy(state, media, now)) continue;
    state.webhooks.settled.add(media.id);
    const delivery = storyInsightsDelivery(state, media, now);
    state.webhooks.deliveries.push(delivery);
    void sendMetaDelivery(state, subscription, delivery);
  }
}

/**
 * The final numbers of one story as Meta's webhook sends them: the documented fields only
 * (media_id, reach, replies, taps_forward, taps_back, exits; no deprecated impressions), read just
 * before expiry from the same curve the insights call answers, with Meta's -1 for any count
 * under 5. Signed over the exact body with the app secret (X-Hub-Signature-256, and the older
 * SHA-1 X-Hub-Signature Meta still sends), unless a bad-signature fault spoils it.
 */
function storyInsightsDelivery(state: SimState, media: InstagramMedia, now: number): WebhookDelivery {
  const insights = storyInsightsAt(state, media, media.publishedAt + state.options.storyLifetimeMs - 1);
  const withheld = (n: number) => (n < 5 ? -1 : n);
  const counts =
    insights.kind === "numbers"
      ? {
          reach: insights.values.reach,
          replies: insights.values.replies,
          taps_forward: insights.navigation.TAP_FORWARD,
          taps_back: insights.navigation.TAP_BACK,
          exits: insights.navigation.TAP_EXIT,
        }
      : { reach: 0, replies: 0, taps_forward: 0, taps_back: 0, exits: 0 };
  const value = {
    media_id: media.id,
    ...Object.fromEntries(Object.entries(counts).map(([name, n]) => [name, withheld(n)])),
  };
  const body = JSON.stringify({
    object: "instagram",
    entry: [
      {
        id: media.accountId,
        time: Math.floor(now / 1000),
        changes: [{ field: "story_insights", value }],
      },
    ],
  });
  const badSignature = state.webhooks.takeBadSignature("instagram", media.accountId);
  const secret = badSignature ? `${state.options.appSecret}:not-the-app-secret` : state.options.appSecret;
  return {
    id: state.webhooks.deliveries.length + 1,
    field: "story_insights",
    platform: "instagram",
    accountId: media.accountId,
    mediaId: media.id,
    body,
    signature: sign(body, secret, "sha256"),
    badSignature,
    attempts: [],
    state: "pending",
  };
}

/** Posts a Meta delivery (story_insights or messaging) with both signature headers. */
export function sendMetaDelivery(
  state: SimState,
  subscription: WebhookSubscription,
  delivery: WebhookDelivery,
): Promise<void> {
  const secret = delivery.badSignature
    ? `${state.options.appSecret}:not-the-app-secret`
    : state.options.appSecret;
  return postWithRetries(state, delivery, {
    url: subscription.callbackUrl,
    headers: {
      "x-hub-signature-256": delivery.signature,
      "x-hub-signature": sign(delivery.body, secret, "sha1"),
    },
    body: delivery.body,
    retryDelaysMs: state.options.webhooks.retryDelaysMs,
    timeoutMs: state.options.webhooks.timeoutMs,
    stillWanted: () => state.webhooks.deliveries.includes(delivery),
  });
}

/** A delivery as GET /_sim/webhooks lists it. */
export function deliveryView(delivery: WebhookDelivery) {
  return {
    id: delivery.id,
    field: delivery.field,
    platform: delivery.platform,
    accountId: delivery.accountId,
    mediaId: delivery.mediaId,
    messageId: delivery.messageId,
    state: delivery.state,
    badSignature: delivery.badSignature,
    attempts: delivery.attempts,
    payload: JSON.parse(delivery.body) as unknown,
    body: delivery.body,
    signature: delivery.signature,
  };
}
