import { z } from "zod";
import { decodeCursor, encodeCursor } from "@/lib/core/opaque-cursor";
import { isStorableInstant } from "@/lib/core/time-bounds";

/**
 * Cursors for story lists ordered by scheduledAt (latest first, unscheduled last), then
 * createdAt and id: the last row's three keys (see lib/core/opaque-cursor.ts).
 */
const instant = z.iso.datetime().refine((value) => isStorableInstant(new Date(value)));
const cursorSchema = z.object({ s: instant.nullable(), c: instant, i: z.string().min(1) });

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
