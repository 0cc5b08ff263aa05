import { z } from "zod";
import { decodeCursor, encodeCursor } from "@/lib/core/opaque-cursor";

/**
 * Cursors for story lists ordered by scheduledAt (latest first, unscheduled last), then
 * createdAt and id: the last row's three keys (see lib/core/opaque-cursor.ts).
 */
const cursorSchema = z.object({ s: z.iso.datetime().nullable(), c: z.iso.datetime(), i: z.string().min(1) });

export type StoryCursorRow = { id: string; scheduledAt: Date | null; createdAt: Date };

export function encodeStoryCursor(row: StoryCursorRow): string {
  return encodeCursor({
    s: row.scheduledAt?.toISOString() ?? null,
    c: row.createdAt.toISOString(),
    i: row.id,
  });
}

/** The Prisma filter for the rows after `cursor` in that order. */
export function storiesAfterCursor(cursor: string) {
  const parsed = decodeCursor(cursorSchema, cursor);
  const createdAt = new Date(parsed.c);
  const sameScheduleAfter = [{ createdAt: { lt: createdAt } }, { createdAt, id: { lt: parsed.i } }];
  if (parsed.s === null) return { scheduledAt: null, OR: sameScheduleAfter };
  const scheduledAt = new Date(parsed.s);
  return {
    OR: [
      { scheduledAt: { lt: scheduledAt } },
      { scheduledAt: null },
      ...sameScheduleAfter.map((after) => ({ scheduledAt, ...after })),
    ],
  };
}
