import { type Attributes, context, propagation, SpanStatusCode, trace } from "@opentelemetry/api";

/**
 * Spans through the OpenTelemetry API only. The API is a few kilobytes and, until an SDK
 * registers itself (start-tracing.ts, only when OTEL_EXPORTER_OTLP_ENDPOINT is set), every call
 * here is a no-op on a shared non-recording span: the publish workers' hot path pays a function
 * call, not an SDK (docs/decisions/036-observability.md).
 */
export type TraceCarrier = { traceparent: string; tracestate?: string };

const tracer = () => trace.getTracer("storyrelay");

/**
 * The active span's W3C trace context, to put on a job so the worker's span continues the
 * request's trace; undefined when nothing is being traced.
 */
export function currentTraceCarrier(): TraceCarrier | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  if (!carrier.traceparent) return undefined;
  return carrier.tracestate
    ? { traceparent: carrier.traceparent, tracestate: carrier.tracestate }
    : { traceparent: carrier.traceparent };
}

/**
 * Runs `work` in a span named `name`: a child of `parent` (a job's carrier) when given, else of
 * whatever span is active. An error ends the span as failed and is thrown on.
 */
export function inSpan<T>(
  name: string,
  attributes: Attributes,
  work: () => Promise<T>,
  parent?: TraceCarrier,
): Promise<T> {
  const parentContext = parent ? propagation.extract(context.active(), parent) : context.active();
  return tracer().startActiveSpan(name, { attributes }, parentContext, async (span) => {
    try {
      return await work();
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : "error" });
      throw error;
    } finally {
      span.end();
    }
  });
}
