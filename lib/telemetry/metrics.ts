import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/**
 * The process's Prometheus metrics (docs/decisions/036-observability.md). One registry per
 * process, on globalThis: Next.js bundles a module once per route, and the route that serves
 * /metrics must read the counters the other routes moved.
 *
 * Labels are kept to a few values each (platform, outcome, error class, queue, route template):
 * never a workspace, story or channel id, which would make a series per tenant.
 */
type Metrics = ReturnType<typeof createMetrics>;

const holder = globalThis as { storyRelayMetrics?: Metrics };

function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "storyrelay_" });
  return {
    registry,
    publishLateness: new Histogram({
      name: "storyrelay_publish_lateness_seconds",
      help: "From a story's due instant to the first platform call of its first attempt on a channel",
      labelNames: ["platform"],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 1800],
      registers: [registry],
    }),
    publishAttempts: new Counter({
      name: "storyrelay_publish_attempts_total",
      help: "Publish runs that claimed a target (a story on one channel)",
      labelNames: ["platform"],
      registers: [registry],
    }),
    publishOutcomes: new Counter({
      name: "storyrelay_publish_outcomes_total",
      help: "How publish runs ended: published, failed, retry, waiting, unconfirmed, expired, handed off",
      labelNames: ["platform", "outcome", "error_class"],
      registers: [registry],
    }),
    webhookDeliveries: new Counter({
      name: "storyrelay_webhook_deliveries_total",
      help: "Outgoing webhook delivery attempts by outcome",
      labelNames: ["outcome"],
      registers: [registry],
    }),
    workerReplacements: new Counter({
      name: "storyrelay_worker_replacements_total",
      help: "Queue consumers replaced because they took no job while jobs were ready (a wedged Redis connection)",
      labelNames: ["queue"],
      registers: [registry],
    }),
    inboundRefusals: new Counter({
      name: "storyrelay_inbound_webhook_refusals_total",
      help: "Inbound webhook deliveries refused (bad or missing signature, malformed body)",
      labelNames: ["source", "reason"],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: "storyrelay_http_request_duration_seconds",
      help: "Web requests by route template, method and status class",
      labelNames: ["route", "method", "status"],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
  };
}

/** This process's metrics, created on first use. */
export function metrics(): Metrics {
  holder.storyRelayMetrics ??= createMetrics();
  return holder.storyRelayMetrics;
}

/**
 * A gauge whose value is read when Prometheus scrapes (queue depth, token expiry): created once
 * per process; `collect` sets its values. Registered by the layer that can read them.
 */
export function scrapeGauge(
  name: string,
  help: string,
  labelNames: readonly string[],
  collect: (gauge: Gauge) => Promise<void>,
): Gauge {
  const { registry } = metrics();
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as Gauge;
  return new Gauge({
    name,
    help,
    labelNames: [...labelNames],
    registers: [registry],
    async collect() {
      try {
        await collect(this);
      } catch {
        // Redis or Postgres not answering: this gauge is left out of the scrape rather than
        // failing the whole /metrics answer (readiness reports the outage).
        this.reset();
      }
    },
  });
}

/** The exposition text and its content type, for a /metrics handler. */
export async function metricsExposition(): Promise<{ body: string; contentType: string }> {
  const { registry } = metrics();
  return { body: await registry.metrics(), contentType: registry.contentType };
}
