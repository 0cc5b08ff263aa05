import { z } from "zod";
import { decodeCursor, encodeCursor } from "@/lib/core/opaque-cursor";
import { isStorableInstant } from "@/lib/core/time-bounds";

/**
 * Cursors for the media list, ordered newest first, a split video's parts in order
 * (segmentIndex ascending, whole files after them), then id: the last row's three keys
 * (see lib/core/opaque-cursor.ts).
 */
const cursorSchema = z.object({
  c: z.iso.datetime().refine((value) => isStorableInstant(new Date(value))),
  s: z.number().int().min(0).nullable(),
  i: z.string().min(1),
});

export type MediaCursorRow = { id: string; createdAt: Date; segmentIndex: number | null };

export const MEDIA_LIST_ORDER = [
  { createdAt: "desc" },
  { segmentIndex: { sort: "asc", nulls: "last" } },
  { id: "desc" },
] as const;

export function encodeMediaCursor(row: MediaCursorRow): string {
  return encodeCursor({ c: row.createdAt.toISOString(), s: row.segmentIndex, i: row.id });
}

/** The Prisma filter for the rows after `cursor` in MEDIA_LIST_ORDER. */
export function mediaAfterCursor(cursor: string) {
  const parsed = decodeCursor(cursorSchema, cursor);
  const createdAt = new Date(parsed.c);
  const sameSegmentAfter = { segmentIndex: parsed.s, id: { lt: parsed.i } };
  const sameTimeAfter =
    parsed.s === null
      ? [sameSegmentAfter]
      : [{ segmentIndex: { gt: parsed.s } }, { segmentIndex: null }, sameSegmentAfter];
  return { OR: [{ createdAt: { lt: createdAt } }, { createdAt, OR: sameTimeAfter }] };
}
