import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { deleteInBatches } from "./delete-in-batches";

export type PruneNoticesOptions = {
  /** Read notices created before this go. */
  readBefore: Date;
  /** Unread ones created before this go: kept longer, nobody has seen them yet. */
  unreadBefore: Date;
  batchSize: number;
  /** Statements per kind per call; what is left goes in the next call. */
  maxBatches: number;
  /** Confines it to one workspace (tests). */
  workspaceId?: string;
};

/**
 * Deletes notices past their age (docs/decisions/040-data-growth.md): one row per notice and
 * member, so the table grows with every failure, review and reconnect of every workspace. Each
 * statement deletes at most `batchSize` rows picked by primary key through the `createdAt` index.
 * The mail sweep looks back 24 hours only, far inside the shortest retention (7 days), so a notice
 * is never deleted before it could be mailed. `done` is false when rows are left for the next call.
 */
export async function pruneNotices(
  deps: { db: Db },
  options: PruneNoticesOptions,
): Promise<{ deleted: number; done: boolean }> {
  const only = options.workspaceId ?? null;
  let deleted = 0;
  let done = true;
  for (const [read, before] of [
    [true, options.readBefore],
    [false, options.unreadBefore],
  ] as const) {
    const pruned = await deleteInBatches(
      deps,
      Prisma.sql`
        DELETE FROM "Notification" WHERE id IN (
          SELECT id FROM "Notification"
           WHERE "createdAt" < ${before} AND ("readAt" IS NOT NULL) = ${read}
             AND (${only}::text IS NULL OR "workspaceId" = ${only}::text)
           LIMIT ${options.batchSize})`,
      options,
    );
    deleted += pruned.deleted;
    done &&= pruned.done;
  }
  return { deleted, done };
}
