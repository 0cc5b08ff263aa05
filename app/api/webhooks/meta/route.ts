import { inboxReceiveDeps, metaWebhookDeps } from "@/app/api/webhooks/_lib/webhook-deps";
import { storeInboundDelivery } from "@/lib/inbox/store-inbound-delivery";
import { receiveInsightsWebhook } from "@/lib/insights/receive-insights-webhook";
import { receiveWebhookVerification } from "@/lib/insights/receive-webhook-verification";
import { carriesMessaging } from "@/lib/publishers/meta-inbound";

export const dynamic = "force-dynamic";

const MAX_BODY_BYTES = 1024 * 1024;
const TEXT = { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" };

// GET /api/webhooks/meta?hub.mode=subscribe&hub.verify_token&hub.challenge – Meta's verification request
export async function GET(request: Request) {
  const query = new URL(request.url).searchParams;
  const answer = await receiveWebhookVerification(metaWebhookDeps(), {
    mode: query.get("hub.mode"),
    verifyToken: query.get("hub.verify_token"),
    challenge: query.get("hub.challenge"),
  });
  return answer.ok
    ? new Response(answer.challenge, { status: 200, headers: TEXT })
    : new Response(`Verification refused: ${answer.reason}`, { status: 403, headers: TEXT });
}

// POST /api/webhooks/meta – a signed delivery (X-Hub-Signature-256); story_insights changes are stored,
// messaging entries (replies, reactions, mentions, echoes) are kept for the inbox worker
export async function POST(request: Request) {
  // Meta's deliveries are a few kilobytes; anything far larger is not one, and is not read.
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > MAX_BODY_BYTES)
    return new Response("Refused: the body is too large for a delivery.", { status: 413, headers: TEXT });
  // The signature covers the bytes as sent: read them raw, never a re-serialised JSON.
  const rawBody = Buffer.from(await request.arrayBuffer());
  if (rawBody.length > MAX_BODY_BYTES)
    return new Response("Refused: the body is too large for a delivery.", { status: 413, headers: TEXT });
  const outcome = await receiveInsightsWebhook(metaWebhookDeps(), {
    rawBody,
    signature: request.headers.get("x-hub-signature-256"),
  });
  switch (outcome.kind) {
    case "refused":
      return outcome.reason === "unsigned"
        ? new Response("Refused: the delivery carries no X-Hub-Signature-256 header.", {
            status: 401,
            headers: TEXT,
          })
        : new Response("Refused: X-Hub-Signature-256 does not match this body signed with the app secret.", {
            status: 403,
            headers: TEXT,
          });
    case "malformed":
      return new Response(`Malformed delivery: ${outcome.detail}`, { status: 400, headers: TEXT });
    case "accepted": {
      const insights = {
        stored: outcome.stored,
        known: outcome.known,
        unknown: outcome.unknown,
        ignored: outcome.ignored,
      };
      // The signature is checked (above); messages are stored as received and filed by the inbox
      // worker, so Meta has its 200 after one INSERT (decision 028).
      if (!carriesMessaging(JSON.parse(rawBody.toString("utf8")))) {
        return Response.json(insights, { headers: { "cache-control": "no-store" } });
      }
      const { deliveryId } = await storeInboundDelivery(inboxReceiveDeps(), {
        source: "meta",
        sandbox: outcome.sandbox,
        body: rawBody,
      });
      return Response.json(
        { ...insights, inbox: { deliveryId } },
        { headers: { "cache-control": "no-store" } },
      );
    }
  }
}
