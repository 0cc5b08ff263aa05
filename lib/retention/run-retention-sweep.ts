import type { Db } from "@/lib/db/client";
import { pruneNotices } from "./prune-notices";
import { type AttemptCursor, prunePublishAttempts } from "./prune-publish-attempts";
import { pruneSentOutboxes } from "./prune-sent-outboxes";

const DAY_MS = 86_400_000;

/** Days each kind of row is kept (RETENTION_* in lib/env.ts; docs/decisions/040-data-growth.md). */
export type RetentionPolicy = {
  attemptDays: number;
  deliveredDays: number;
  failedDays: number;
  readNoticeDays: number;
  unreadNoticeDays: number;
};

/**
 * Rows per statement, and statements per run for each kind. 5,000 rows keep a statement in the tens
 * of milliseconds (bench/data-growth.ts); 100 of them bound a run, and a backlog (the first run on
 * a big installation) drains over the following runs.
 */
export const RETENTION_BATCH_SIZE = 5_000;
export const RETENTION_MAX_BATCHES = 100;

/** Where the pass over old attempts stopped, kept between runs (Redis in the workers). */
export type CursorStore = {
  get(): Promise<AttemptCursor | null>;
  set(cursor: AttemptCursor | null): Promise<void>;
};

export type RetentionReport = {
  attemptsScanned: number;
  attemptsDeleted: number;
  /** The pass over old attempts reached the cutoff (the next run starts a new pass). */
  attemptsPassDone: boolean;
  webhookDeliveriesDeleted: number;
  chatMessagesDeleted: number;
  outboxesDone: boolean;
  noticesDeleted: number;
  noticesDone: boolean;
};

/**
 * One run of the retention sweep: publish attempts of finished targets past their age (each
 * target's last one kept), then delivered and failed outbox rows past theirs, then notices.
 * Bounded per run and resumable: a crash or a stop loses at most the cursor's last step, and what
 * is left goes in the next run.
 */
export async function runRetentionSweep(
  deps: { db: Db; now: () => Date; cursor: CursorStore },
  policy: RetentionPolicy,
  limits: { batchSize: number; maxBatches: number; workspaceId?: string } = {
    batchSize: RETENTION_BATCH_SIZE,
    maxBatches: RETENTION_MAX_BATCHES,
  },
): Promise<RetentionReport> {
  const now = deps.now().getTime();
  const attempts = await prunePublishAttempts(deps, {
    before: new Date(now - policy.attemptDays * DAY_MS),
    after: await deps.cursor.get(),
    ...limits,
  });
  await deps.cursor.set(attempts.next);
  const outboxes = await pruneSentOutboxes(deps, {
    deliveredBefore: new Date(now - policy.deliveredDays * DAY_MS),
    failedBefore: new Date(now - policy.failedDays * DAY_MS),
    ...limits,
  });
  const notices = await pruneNotices(deps, {
    readBefore: new Date(now - policy.readNoticeDays * DAY_MS),
    unreadBefore: new Date(now - policy.unreadNoticeDays * DAY_MS),
    ...limits,
  });
  return {
    attemptsScanned: attempts.scanned,
    attemptsDeleted: attempts.deleted,
    attemptsPassDone: attempts.next === null,
    webhookDeliveriesDeleted: outboxes.deleted.WebhookDelivery,
    chatMessagesDeleted: outboxes.deleted.ChatMessage,
    outboxesDone: outboxes.done,
    noticesDeleted: notices.deleted,
    noticesDone: notices.done,
  };
}
