import { createHash } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";

/** How long a key's first response is kept for replay. */
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;

export type IdempotentRequest = {
  workspaceId: string;
  apiKeyId: string;
  key: string;
  method: string;
  path: string;
  body: Uint8Array;
};

export type IdempotencyStart =
  | { kind: "first"; id: string }
  | { kind: "replay"; status: number; body: Prisma.JsonValue };

export function requestHash(request: Pick<IdempotentRequest, "method" | "path" | "body">): string {
  return createHash("sha256")
    .update(`${request.method} ${request.path}\n`)
    .update(request.body)
    .digest("hex");
}

/**
 * Claims an `Idempotency-Key` before the request runs, by inserting its row: the unique
 * (apiKeyId, key) index lets exactly one of several concurrent requests through. The others get
 * the stored response (a replay), CONFLICT while the first is still running, or INVALID_INPUT
 * when they reuse the key for a different request. An expired row is removed first, so a key
 * may be reused after 24 hours.
 */
export async function beginIdempotentRequest(
  deps: { db: Db; now?: () => Date },
  request: IdempotentRequest,
): Promise<IdempotencyStart> {
  const now = deps.now?.() ?? new Date();
  const hash = requestHash(request);
  const identity = { apiKeyId: request.apiKeyId, key: request.key };
  await deps.db.idempotencyKey.deleteMany({ where: { ...identity, expiresAt: { lte: now } } });
  try {
    const row = await deps.db.idempotencyKey.create({
      data: {
        ...identity,
        workspaceId: request.workspaceId,
        method: request.method,
        path: request.path,
        requestHash: hash,
        expiresAt: new Date(now.getTime() + IDEMPOTENCY_TTL_MS),
      },
      select: { id: true },
    });
    return { kind: "first", id: row.id };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
  const existing = await deps.db.idempotencyKey.findUnique({
    where: { apiKeyId_key: identity },
    select: { requestHash: true, responseStatus: true, responseBody: true, method: true, path: true },
  });
  // The first request failed and released its key in between: the caller may simply retry.
  if (!existing) throw inFlight(request.key);
  if (existing.requestHash !== hash) {
    const message = `Idempotency-Key "${request.key}" was already used for a different request (${existing.method} ${existing.path} with another body). Use a new key for a new request.`;
    throw new AppError("INVALID_INPUT", message, { fields: { "Idempotency-Key": message } });
  }
  if (existing.responseStatus === null) throw inFlight(request.key);
  return { kind: "replay", status: existing.responseStatus, body: existing.responseBody };
}

function inFlight(key: string): AppError {
  return new AppError(
    "CONFLICT",
    `A request with Idempotency-Key "${key}" is still being processed. Retry once it has finished.`,
  );
}

/** Stores the first request's response for replays. */
export async function completeIdempotentRequest(
  db: Db,
  id: string,
  response: { status: number; body: Prisma.InputJsonValue },
): Promise<void> {
  await db.idempotencyKey.update({
    where: { id },
    data: { responseStatus: response.status, responseBody: response.body },
  });
}

/**
 * Forgets a key whose request ended in an unexpected failure (a bug, the database gone): the
 * outcome is unknown to the client, which should be able to retry with the same key.
 */
export async function releaseIdempotentRequest(db: Db, id: string): Promise<void> {
  await db.idempotencyKey.deleteMany({ where: { id, responseStatus: null } });
}

/** The periodic cleanup: drops keys older than 24 hours. */
export async function deleteExpiredIdempotencyKeys(db: Db, now = new Date()): Promise<number> {
  const { count } = await db.idempotencyKey.deleteMany({ where: { expiresAt: { lte: now } } });
  return count;
}
