import { env } from "@/lib/env";
import { carriesToken } from "@/lib/observability/bearer-token";
import { ensureWebScrapeGauges } from "@/lib/observability/web-scrape";
import { metricsExposition } from "@/lib/telemetry/metrics";

export const dynamic = "force-dynamic";

const TEXT = { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" };

// GET /metrics – Prometheus exposition, with Authorization: Bearer <METRICS_TOKEN>; 404 when METRICS_TOKEN is unset
export async function GET(request: Request) {
  const token = env().METRICS_TOKEN;
  // Off unless configured: an installation that never asked for metrics does not expose them.
  if (!token)
    return new Response("Metrics are off: set METRICS_TOKEN to turn them on.", {
      status: 404,
      headers: TEXT,
    });
  if (!carriesToken(request.headers.get("authorization"), token)) {
    return new Response("Refused: send Authorization: Bearer <METRICS_TOKEN>.", {
      status: 401,
      headers: { ...TEXT, "www-authenticate": 'Bearer realm="metrics"' },
    });
  }
  ensureWebScrapeGauges();
  const { body, contentType } = await metricsExposition();
  return new Response(body, { headers: { "content-type": contentType, "cache-control": "no-store" } });
}
