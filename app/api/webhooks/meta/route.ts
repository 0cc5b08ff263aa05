import { receiveMetaMessages } from "@/app/api/webhooks/_lib/receive-meta-messages";
import { inboxReceiveDeps, metaWebhookDeps } from "@/app/api/webhooks/_lib/webhook-deps";
import { storeInboundDelivery } from "@/lib/inbox/store-inbound-delivery";
import { receiveInsightsWebhook } from "@/lib/insights/receive-insights-webhook";
import { receiveWebhookVerification } from "@/lib/insights/receive-webhook-verification";
import { carriesMessaging } from "@/lib/publishers/meta-inbound";
import { metrics } from "@/lib/telemetry/metrics";

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
  if (declared > MAX_BODY_BYTES) return tooLarge();
  // The signature covers the bytes as sent: read them raw, never a re-serialised JSON.
  const rawBody = Buffer.from(await request.arrayBuffer());
  if (rawBody.length > MAX_BODY_BYTES) return tooLarge();
  const unverified = parseJson(rawBody);
  // Messaging-only deliveries (the inbox's, the many) take the short path: verify, store, 200.
  if (carriesMessaging(unverified) && !carriesChanges(unverified)) {
    const outcome = await receiveMetaMessages(metaWebhookDeps(), inboxReceiveDeps(), {
      rawBody,
      signature: request.headers.get("x-hub-signature-256"),
    });
    if (outcome.kind === "refused") return refused(outcome.reason);
    return Response.json(
      { inbox: { deliveryId: outcome.deliveryId } },
      { headers: { "cache-control": "no-store" } },
    );
  }
  const outcome = await receiveInsightsWebhook(metaWebhookDeps(), {
    rawBody,
    signature: request.headers.get("x-hub-signature-256"),
  });
  switch (outcome.kind) {
    case "refused":
      return refused(outcome.reason);
    case "malformed":
      countRefusal("malformed");
      return new Response(`Malformed delivery: ${outcome.detail}`, { status: 400, headers: TEXT });
    case "accepted": {
      const insights = {
        stored: outcome.stored,
        known: outcome.known,
        unknown: outcome.unknown,
        ignored: outcome.ignored,
      };
      if (!carriesMessaging(unverified))
        return Response.json(insights, { headers: { "cache-control": "no-store" } });
      // Changes and messaging events in one delivery: the changes are handled above, the
      // messages kept for the inbox worker as the short path keeps them.
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

/** Refusals are counted for the operators' dashboard (storyrelay_inbound_webhook_refusals_total). */
function countRefusal(reason: string): void {
  metrics().inboundRefusals.inc({ source: "meta", reason });
}

function tooLarge(): Response {
  countRefusal("too_large");
  return new Response("Refused: the body is too large for a delivery.", { status: 413, headers: TEXT });
}

function refused(reason: "unsigned" | "malformed_signature" | "bad_signature"): Response {
  countRefusal(reason);
  return reason === "unsigned"
    ? new Response("Refused: the delivery carries no X-Hub-Signature-256 header.", {
        status: 401,
        headers: TEXT,
      })
    : new Response("Refused: X-Hub-Signature-256 does not match this body signed with the app secret.", {
        status: 403,
        headers: TEXT,
      });
}

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch {
    return undefined;
  }
}

/** Whether any entry carries field changes (story_insights and the like), which the insights receiver reads. */
function carriesChanges(body: unknown): boolean {
  const entries = (body as { entry?: unknown } | null)?.entry;
  return Array.isArray(entries) && entries.some((e) => Array.isArray((e as { changes?: unknown })?.changes));
}
