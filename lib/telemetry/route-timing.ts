import type { Context } from "@opentelemetry/api";
import type { ReadableSpan, Span, SpanProcessor } from "@opentelemetry/sdk-trace-base";
import { metrics } from "./metrics";

/**
 * HTTP latency per route for the web, taken from the span Next.js itself opens around each
 * request (`BaseServer.handleRequest`, which Next.js creates once a tracer provider is
 * registered): it times every route handler, page and server action alike, and names the route
 * by its template (`/api/v1/stories/[id]`), never the concrete path, so the label stays small.
 * A proxy.ts cannot do this (it returns before the route runs) and route wrappers would miss the
 * pages. A request that matched no route (a 404, the proxy's own pass) carries no route and is
 * not counted.
 */
export class RouteTimingProcessor implements SpanProcessor {
  onStart(_span: Span, _parent: Context): void {}

  onEnd(span: ReadableSpan): void {
    const attributes = span.attributes;
    if (attributes["next.span_type"] !== "BaseServer.handleRequest") return;
    const route = attributes["http.route"] ?? attributes["next.route"];
    if (typeof route !== "string") return;
    const [seconds, nanos] = span.duration;
    metrics().httpDuration.observe(
      {
        route,
        method: String(attributes["http.method"] ?? "GET"),
        status: String(attributes["http.status_code"] ?? 0),
      },
      seconds + nanos / 1e9,
    );
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
