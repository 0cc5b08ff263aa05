import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";

/**
 * One correlation id per request, carried through the jobs it enqueues into every log line
 * (docs/decisions/036-observability.md). Held in AsyncLocalStorage so no signature changes to
 * pass it around; the storage lives on globalThis because Next.js bundles a module once per
 * route, and every copy must read the same store.
 */
type Correlation = { requestId: string };

const holder = globalThis as { storyRelayCorrelation?: AsyncLocalStorage<Correlation> };
holder.storyRelayCorrelation ??= new AsyncLocalStorage<Correlation>();
const storage = holder.storyRelayCorrelation;

/**
 * Letters, digits and `._:=-`, at most 128: what load balancers and tracing tools send (UUIDs,
 * `Root=1-…` ids). Anything else (spaces, quotes, newlines a log viewer would render) is not
 * taken; a fresh id is made instead, so a client cannot forge log lines through it.
 */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:=-]{1,128}$/;

export const REQUEST_ID_HEADER = "x-request-id";

/** The request's own id when it is safe to log, else a new one. */
export function requestIdFrom(header: string | null | undefined): string {
  const given = header?.trim();
  return given && SAFE_REQUEST_ID.test(given) ? given : randomUUID();
}

/** Whether a value read back from a job or a header can be used as a correlation id. */
export function isSafeRequestId(value: unknown): value is string {
  return typeof value === "string" && SAFE_REQUEST_ID.test(value);
}

/** Runs `work` with `requestId` as the correlation id of everything it logs and enqueues. */
export function withRequestId<T>(requestId: string, work: () => T): T {
  return storage.run({ requestId }, work);
}

/** The current correlation id, if this code runs on behalf of a request or a job. */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}
