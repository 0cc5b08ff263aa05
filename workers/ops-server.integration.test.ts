import { SpanKind } from "@opentelemetry/api";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withRequestId } from "@/lib/correlation/request-id";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { checkReadiness } from "@/lib/health/check-readiness";
import { registerScrapeGauges } from "@/lib/observability/scrape-gauges";
import { redis } from "@/lib/redis/client";
import { scheduleStory } from "@/lib/stories/schedule-story";
import { inSpan } from "@/lib/telemetry/tracing";
import { eventually, type Pipeline, startPipeline } from "@/test/publishing/pipeline-test-kit";
import { startInMemoryTracing } from "@/test/telemetry/in-memory-tracing";
import { capturingLogger } from "@/test/telemetry/log-capture";
import { startOpsServer } from "./ops-server";

const METRICS_TOKEN = "test-metrics-token-0123456789";
const OPERATOR_TOKEN = "test-operator-token-0123456789";

/** One sample's value from a Prometheus exposition (0 when the series is absent). */
function sample(exposition: string, name: string, labels: Record<string, string>): number {
  for (const line of exposition.split("\n")) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const matches = Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`));
    if (matches) return Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return 0;
}

describe("workers' ops server, metrics, correlation and traces", () => {
  let p: Pipeline;
  let server: Awaited<ReturnType<typeof startOpsServer>>;
  let gauges: ReturnType<typeof registerScrapeGauges>;
  let tracing: ReturnType<typeof startInMemoryTracing>;
  const capture = capturingLogger("workers-test");

  beforeAll(async () => {
    tracing = startInMemoryTracing();
    p = await startPipeline();
    // The kit's workers share this deps object: their log lines now land in `capture`.
    p.deps.logger = capture.logger;
    gauges = registerScrapeGauges({
      db: db(),
      redisUrl: env().REDIS_URL,
      publishShards: p.deps.queues.publishShards.length,
      prefix: p.deps.queues.dispatch.opts.prefix,
      cacheMs: 0,
    });
    server = await startOpsServer({
      port: 0,
      host: "127.0.0.1",
      metricsToken: METRICS_TOKEN,
      operatorToken: OPERATOR_TOKEN,
      ready: () => checkReadiness({ db: db(), redis: redis() }),
      queues: gauges.queues,
      logger: capture.logger,
    });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await gauges?.close();
    await p?.close();
    await tracing?.stop();
  });

  const scrape = async () => {
    const response = await fetch(`${server.url}/metrics`, {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(response.status).toBe(200);
    return response.text();
  };

  it("refuses /metrics without the token or with another, and answers with it", async () => {
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${server.url}/metrics`, {
      headers: { authorization: "Bearer not-the-token-at-all" },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("www-authenticate")).toContain("Bearer");
    const text = await scrape();
    expect(text).toContain("# TYPE storyrelay_publish_attempts_total counter");
    expect(text).toContain("# TYPE storyrelay_queue_jobs gauge");
  });

  it("moves the publish counters and the lateness histogram after a real publish through the simulator, with one trace and one correlation id from the request to the platform call", async () => {
    const before = await scrape();
    const published = (text: string) =>
      sample(text, "storyrelay_publish_outcomes_total", { platform: "INSTAGRAM", outcome: "PUBLISHED" });
    const attempts = (text: string) =>
      sample(text, "storyrelay_publish_attempts_total", { platform: "INSTAGRAM" });
    const lateCount = (text: string) =>
      sample(text, "storyrelay_publish_lateness_seconds_count", { platform: "INSTAGRAM" });

    const instagram = p.channel("INSTAGRAM");
    // One failed container call, so the worker logs a line ("publish step failed") for the job.
    await p.fault({
      platform: "instagram",
      accountId: instagram.externalAccountId,
      operation: "create_container",
      kind: "http_status",
      status: 502,
      count: 1,
    });
    const image = await p.image();
    // What the web's wrappers do for a request: a correlation id and (with tracing on) a span.
    const story = await withRequestId("req-ops-test-1", () =>
      inSpan("POST /api/v1/stories", {}, () =>
        scheduleStory(p.deps, p.ctx, {
          brandId: p.brand.id,
          channelIds: [instagram.id],
          frames: [image.id],
          when: { now: true },
        }),
      ),
    );
    await eventually(
      () => db().story.findUniqueOrThrow({ where: { id: story.id } }),
      (s) => s.status === "PUBLISHED",
      40_000,
    );

    const after = await eventually(scrape, (text) => published(text) > published(before));
    expect(published(after)).toBe(published(before) + 1);
    expect(attempts(after)).toBeGreaterThanOrEqual(attempts(before) + 2);
    expect(
      sample(after, "storyrelay_publish_outcomes_total", { platform: "INSTAGRAM", outcome: "RETRY" }),
    ).toBeGreaterThan(
      sample(before, "storyrelay_publish_outcomes_total", { platform: "INSTAGRAM", outcome: "RETRY" }),
    );
    expect(lateCount(after)).toBeGreaterThan(lateCount(before));

    // The worker's own log line for this story carries the request's id.
    const failedStep = capture.lines.find(
      (line) => line.storyId === story.id && line.msg === "publish step failed",
    );
    expect(failedStep?.requestId).toBe("req-ops-test-1");

    // request → dispatch job → publish job(s) → platform publish, one trace.
    const spans = tracing.spans();
    const request = spans.find((s) => s.name === "POST /api/v1/stories");
    expect(request).toBeDefined();
    const traceId = request?.spanContext().traceId;
    const inTrace = spans.filter((s) => s.spanContext().traceId === traceId);
    const byId = new Map(inTrace.map((s) => [s.spanContext().spanId, s]));
    const parentOf = (s: (typeof spans)[number]) => byId.get(s.parentSpanContext?.spanId ?? "");
    const dispatch = inTrace.find((s) => s.name === "job story-dispatch");
    expect(dispatch && parentOf(dispatch)).toBe(request);
    const call = inTrace.find((s) => s.name === "platform publish");
    expect(call?.attributes["storyrelay.platform"]).toBe("INSTAGRAM");
    const publishJob = call && parentOf(call);
    // The target's publish shard (decision 038): target-publish or target-publish-<n>.
    expect(publishJob?.name).toMatch(/^job target-publish(-\d+)?$/);
    expect(publishJob && parentOf(publishJob)).toBe(dispatch);
    expect(call?.kind).toBe(SpanKind.INTERNAL);
  }, 60_000);

  it("reports queue depth per queue at scrape time", async () => {
    const text = await scrape();
    expect(text).toMatch(/storyrelay_queue_jobs\{queue="target-publish",state="waiting"\} \d+/);
    expect(text).toMatch(/storyrelay_queue_oldest_waiting_seconds\{queue="story-dispatch"\} [\d.]+/);
  });

  it("is live and ready with the services up, and not ready when Redis is unreachable", async () => {
    expect((await fetch(`${server.url}/health/live`)).status).toBe(200);
    const ready = await fetch(`${server.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ok: true, migrations: { ok: true, pending: [] } });

    // Port 1: nothing listens there.
    const deadRedis = new Redis("redis://127.0.0.1:1", {
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      lazyConnect: true,
    });
    // Its connection errors are the point here, not news.
    deadRedis.on("error", () => undefined);
    const lonely = await startOpsServer({
      port: 0,
      host: "127.0.0.1",
      ready: () => checkReadiness({ db: db(), redis: deadRedis }),
      queues: [],
      logger: capture.logger,
    });
    try {
      expect((await fetch(`${lonely.url}/health/live`)).status).toBe(200);
      const notReady = await fetch(`${lonely.url}/health/ready`);
      expect(notReady.status).toBe(503);
      const body = (await notReady.json()) as {
        ok: boolean;
        database: { ok: boolean };
        redis: { ok: boolean; error?: string };
      };
      expect(body.ok).toBe(false);
      expect(body.database.ok).toBe(true);
      expect(body.redis.ok).toBe(false);
      expect(body.redis.error).toBeTruthy();
    } finally {
      await lonely.close();
      deadRedis.disconnect();
    }
  });

  it("opens the queue dashboard to the operator token only, and refuses to bind beyond loopback without a metrics token", async () => {
    const anonymous = await fetch(`${server.url}/queues`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toContain("Basic");
    const basic = Buffer.from(`ops:${OPERATOR_TOKEN}`).toString("base64");
    const page = await fetch(`${server.url}/queues`, { headers: { authorization: `Basic ${basic}` } });
    expect(page.status).toBe(200);
    const api = await fetch(`${server.url}/queues/api/queues`, {
      headers: { authorization: `Bearer ${OPERATOR_TOKEN}` },
    });
    expect(api.status).toBe(200);
    expect(JSON.stringify(await api.json())).toContain("target-publish");
    await expect(
      startOpsServer({
        port: 0,
        host: "0.0.0.0",
        ready: () => checkReadiness({ db: db(), redis: redis() }),
        queues: [],
        logger: capture.logger,
      }),
    ).rejects.toThrow(/METRICS_TOKEN/);
  });
});
