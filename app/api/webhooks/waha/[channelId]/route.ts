import { inboxReceiveDeps } from "@/app/api/webhooks/_lib/webhook-deps";
import { receiveWahaDelivery } from "@/lib/inbox/receive-waha-delivery";
import { metrics } from "@/lib/telemetry/metrics";

export const dynamic = "force-dynamic";

// A WAHA event is a message or a reaction: kilobytes (media come as URLs, not bytes).
const MAX_BODY_BYTES = 1024 * 1024;
const TEXT = { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" };

/** Refusals are counted for the operators' dashboard (storyrelay_inbound_webhook_refusals_total). */
const countRefusal = (reason: string) => metrics().inboundRefusals.inc({ source: "waha", reason });

const tooLarge = () => {
  countRefusal("too_large");
  return new Response("Refused: the body is too large for a delivery.", { status: 413, headers: TEXT });
};

// POST /api/webhooks/waha/{channelId} – a WhatsApp channel's WAHA session posts its events here (X-Webhook-Hmac, SHA-512)
export async function POST(request: Request, { params }: { params: Promise<{ channelId: string }> }) {
  const { channelId } = await params;
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) return tooLarge();
  // The HMAC covers the bytes as sent: read them raw.
  const rawBody = Buffer.from(await request.arrayBuffer());
  if (rawBody.length > MAX_BODY_BYTES) return tooLarge();
  const outcome = await receiveWahaDelivery(inboxReceiveDeps(), {
    channelId,
    rawBody,
    signature: request.headers.get("x-webhook-hmac"),
    algorithm: request.headers.get("x-webhook-hmac-algorithm"),
  });
  if (outcome.kind === "refused") {
    countRefusal(outcome.reason);
    return outcome.reason === "unsigned"
      ? new Response("Refused: the delivery carries no X-Webhook-Hmac header.", {
          status: 401,
          headers: TEXT,
        })
      : // One answer for a bad signature and for a URL naming no WhatsApp channel: no hint which.
        new Response("Refused: X-Webhook-Hmac does not match this body signed with this URL's key.", {
          status: 403,
          headers: TEXT,
        });
  }
  if (outcome.kind === "malformed") {
    countRefusal("malformed");
    return new Response(`Malformed delivery: ${outcome.detail}`, { status: 400, headers: TEXT });
  }
  return Response.json({ received: outcome.deliveryId }, { headers: { "cache-control": "no-store" } });
}
