import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { metrics } from "./metrics";

// The gauges registered at scrape time by lib/observability/scrape-gauges.ts (they need Redis and
// Postgres, so they are named here rather than created).
const SCRAPE_GAUGES = [
  "storyrelay_queue_jobs",
  "storyrelay_queue_oldest_waiting_seconds",
  "storyrelay_channel_token_expiry_seconds",
];

describe("metrics", () => {
  it("keeps every label set small: no tenant, story or channel ids", () => {
    for (const metric of metrics().registry.getMetricsAsArray()) {
      const labels = (metric as unknown as { labelNames?: string[] }).labelNames ?? [];
      for (const label of labels) expect(label, metric.name).not.toMatch(/id$|Id$|workspace|story|channel/);
    }
  });

  it("the Grafana dashboard asks only for metrics that exist", () => {
    const dashboard = readFileSync(
      path.resolve(import.meta.dirname, "../../ops/grafana/storyrelay.json"),
      "utf8",
    );
    const known = new Set([
      ...metrics()
        .registry.getMetricsAsArray()
        .map((m) => m.name),
      ...SCRAPE_GAUGES,
    ]);
    const asked = new Set(
      [...dashboard.matchAll(/storyrelay_[a-z_]+/g)].map(([name]) =>
        name.replace(/_(bucket|count|sum)$/, ""),
      ),
    );
    expect(asked.size).toBeGreaterThan(8);
    for (const name of asked) expect(known, name).toContain(name);
  });
});
