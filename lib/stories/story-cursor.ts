import { z } from "zod";
import { AppError } from "@/lib/errors";

/**
 * Opaque cursors for story lists ordered by scheduledAt (latest first, unscheduled last), then
 * createdAt and id: the last row's three keys, so the next page starts exactly after it even
 * while stories are added (keyset pagination, no OFFSET).
 */
const cursorSchema = z.object({ s: z.iso.datetime().nullable(), c: z.iso.datetime(), i: z.string().min(1) });

export type StoryCursorRow = { id: string; scheduledAt: Date | null; createdAt: Date };

export function encodeStoryCursor(row: StoryCursorRow): string {
  const payload = { s: row.scheduledAt?.toISOString() ?? null, c: row.createdAt.toISOString(), i: row.id };
  return Buffer.from(JSON.stringify(payload)).toString("base64url");
}

/** The Prisma filter for the rows after `cursor` in that order. */
export function storiesAfterCursor(cursor: string) {
  const parsed = cursorSchema.safeParse(safeJson(Buffer.from(cursor, "base64url").toString("utf8")));
  if (!parsed.success) {
    const message = "This cursor is not valid; pass the nextCursor of the previous page unchanged.";
    throw new AppError("INVALID_INPUT", message, { fields: { cursor: message } });
  }
  const createdAt = new Date(parsed.data.c);
  const sameScheduleAfter = [{ createdAt: { lt: createdAt } }, { createdAt, id: { lt: parsed.data.i } }];
  if (parsed.data.s === null) return { scheduledAt: null, OR: sameScheduleAfter };
  const scheduledAt = new Date(parsed.data.s);
  return {
    OR: [
      { scheduledAt: { lt: scheduledAt } },
      { scheduledAt: null },
      ...sameScheduleAfter.map((after) => ({ scheduledAt, ...after })),
    ],
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
