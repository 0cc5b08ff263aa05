import { env } from "@/lib/env";
import { RouteTimingProcessor } from "@/lib/telemetry/route-timing";
import { startTracing } from "@/lib/telemetry/start-tracing";

const holder = globalThis as { storyRelayWebTelemetry?: Promise<unknown> };

/**
 * The web's telemetry, started once from instrumentation.ts: a tracer provider always (Next.js
 * opens its request spans only when one is registered, and the route timings are read from them:
 * lib/telemetry/route-timing.ts), exporting to OTLP only when OTEL_EXPORTER_OTLP_ENDPOINT is set.
 */
export function startWebTelemetry(): Promise<unknown> {
  holder.storyRelayWebTelemetry ??= startTracing(env(), "storyrelay-web", [new RouteTimingProcessor()]);
  return holder.storyRelayWebTelemetry;
}
