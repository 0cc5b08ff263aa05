import { z } from "zod";
import { currentRequestId, isSafeRequestId, withRequestId } from "@/lib/correlation/request-id";
import { currentTraceCarrier, inSpan } from "@/lib/telemetry/tracing";

/**
 * What a job carries of the request that caused it: the correlation id (so the worker's log
 * lines name the same request) and the W3C trace context (so the worker's span is a child of the
 * request's). Optional everywhere: jobs added by the sweep or a timer have neither, and jobs
 * queued before this field existed still parse.
 */
export const jobMetaSchema = z
  .object({
    requestId: z.string().refine(isSafeRequestId).optional(),
    traceparent: z.string().max(100).optional(),
    tracestate: z.string().max(512).optional(),
  })
  .optional();
export type JobMeta = z.infer<typeof jobMetaSchema>;

/** The current request's or job's meta, for a job being added; undefined when there is none. */
export function currentJobMeta(): JobMeta {
  const requestId = currentRequestId();
  const trace = currentTraceCarrier();
  if (!requestId && !trace) return undefined;
  return { ...(requestId ? { requestId } : {}), ...trace };
}

/**
 * Runs a job's work in its span (a child of the request's, when the job carries one) and with
 * its correlation id, so everything it logs and enqueues carries both on.
 */
export function runWithJobMeta<T>(
  queue: string,
  meta: JobMeta,
  work: () => Promise<T>,
  attributes: Record<string, string | number> = {},
): Promise<T> {
  const traced = () =>
    inSpan(
      `job ${queue}`,
      { "messaging.system": "bullmq", "messaging.destination.name": queue, ...attributes },
      work,
      meta?.traceparent ? { traceparent: meta.traceparent, tracestate: meta.tracestate } : undefined,
    );
  return meta?.requestId ? withRequestId(meta.requestId, traced) : traced();
}
