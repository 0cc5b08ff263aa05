import { z } from "zod";
import { decodeCursor, encodeCursor } from "@/lib/core/opaque-cursor";

/** Cursors for the inbox, latest message first: the last row's lastMessageAt and id. */
const cursorSchema = z.object({ t: z.iso.datetime(), i: z.string().min(1) });

export function encodeConversationCursor(row: { id: string; lastMessageAt: Date }): string {
  return encodeCursor({ t: row.lastMessageAt.toISOString(), i: row.id });
}

/** The Prisma filter for the conversations after `cursor` in that order. */
export function conversationsAfterCursor(cursor: string) {
  const parsed = decodeCursor(cursorSchema, cursor);
  const at = new Date(parsed.t);
  return { OR: [{ lastMessageAt: { lt: at } }, { lastMessageAt: at, id: { lt: parsed.i } }] };
}
