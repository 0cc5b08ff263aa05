import { z } from "zod";
import { db } from "@/lib/db/client";
import type { Env } from "@/lib/env";
import { messageOf } from "@/lib/errors";
import type { Logger } from "@/lib/logger";
import { redis } from "@/lib/redis/client";
import type { AttemptCursor } from "@/lib/retention/prune-publish-attempts";
import { type CursorStore, runRetentionSweep } from "@/lib/retention/run-retention-sweep";
import { startPeriodicSweep } from "./periodic-sweep";

// Retention is counted in days: every 15 minutes keeps up with any installation's growth (a run
// deletes up to 500,000 rows of each kind) without competing with publishing for the database.
const RETENTION_SWEEP_INTERVAL_MS = 15 * 60_000;
const CURSOR_KEY = "storyrelay:retention:attempt-cursor";

const cursorSchema = z.object({ startedAt: z.coerce.date(), id: z.string().min(1) });

/**
 * Where the pass over old attempts stopped, in Redis. Losing it (a flushed Redis) only makes the
 * next run start the pass from the oldest attempt again.
 */
function redisCursor(): CursorStore {
  return {
    async get(): Promise<AttemptCursor | null> {
      const raw = await redis().get(CURSOR_KEY);
      const parsed = raw ? cursorSchema.safeParse(JSON.parse(raw)) : null;
      return parsed?.success ? parsed.data : null;
    },
    async set(cursor) {
      if (cursor) await redis().set(CURSOR_KEY, JSON.stringify(cursor));
      else await redis().del(CURSOR_KEY);
    },
  };
}

/**
 * Deletes what outlived its retention (docs/decisions/040-data-growth.md), every 15 minutes by one
 * worker process (leader-locked).
 */
export function startRetentionSweep(options: { config: Env; logger: Logger }): { stop(): void } {
  const { config, logger } = options;
  const policy = {
    attemptDays: config.RETENTION_ATTEMPT_DAYS,
    deliveredDays: config.RETENTION_DELIVERED_DAYS,
    failedDays: config.RETENTION_FAILED_DAYS,
    readNoticeDays: config.RETENTION_READ_NOTICE_DAYS,
    unreadNoticeDays: config.RETENTION_UNREAD_NOTICE_DAYS,
  };
  return startPeriodicSweep({
    redis: redis(),
    lockKey: "storyrelay:retention-sweep-lock",
    intervalMs: RETENTION_SWEEP_INTERVAL_MS,
    run: async () => {
      const startedAt = performance.now();
      const report = await runRetentionSweep(
        { db: db(), now: () => new Date(), cursor: redisCursor() },
        policy,
      );
      const deleted =
        report.attemptsDeleted +
        report.webhookDeliveriesDeleted +
        report.chatMessagesDeleted +
        report.noticesDeleted;
      if (deleted > 0)
        logger.info({ ...report, ms: Math.round(performance.now() - startedAt) }, "retention sweep");
    },
    onError: (error) => logger.warn({ reason: messageOf(error) }, "retention sweep failed"),
  });
}
