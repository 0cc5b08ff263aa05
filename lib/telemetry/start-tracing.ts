import type { SpanProcessor } from "@opentelemetry/sdk-trace-base";

export type TracingConfig = {
  OTEL_EXPORTER_OTLP_ENDPOINT?: string | undefined;
  OTEL_SERVICE_NAME?: string | undefined;
};

export type Tracing = { shutdown(): Promise<void> };

/**
 * Starts the OpenTelemetry SDK for this process when there is something to do with spans: an
 * OTLP collector to send them to (OTEL_EXPORTER_OTLP_ENDPOINT), or `processors` of our own (the
 * web's route timings). Otherwise nothing is loaded: the SDK is imported here, on demand, so a
 * worker without a collector never holds it in memory.
 */
export async function startTracing(
  config: TracingConfig,
  service: string,
  processors: SpanProcessor[] = [],
): Promise<Tracing | undefined> {
  const endpoint = config.OTEL_EXPORTER_OTLP_ENDPOINT?.replace(/\/+$/, "");
  if (!endpoint && processors.length === 0) return undefined;
  const [{ NodeSDK }, { BatchSpanProcessor }] = await Promise.all([
    import("@opentelemetry/sdk-node"),
    import("@opentelemetry/sdk-trace-base"),
  ]);
  const exporting = endpoint
    ? [
        new BatchSpanProcessor(
          new (await import("@opentelemetry/exporter-trace-otlp-http")).OTLPTraceExporter({
            url: `${endpoint}/v1/traces`,
          }),
        ),
      ]
    : [];
  const sdk = new NodeSDK({
    serviceName: config.OTEL_SERVICE_NAME ?? service,
    spanProcessors: [...processors, ...exporting],
  });
  sdk.start();
  return { shutdown: () => sdk.shutdown() };
}
