import type { z } from "zod";
import { AppError } from "@/lib/errors";

/**
 * Opaque cursors for keyset pagination: the last row's sort keys as base64url JSON, so the next
 * page starts exactly after it even while rows are added (no OFFSET). Each list decides which
 * keys its order needs (lib/stories/story-cursor.ts, lib/media/media-cursor.ts); this module
 * only packs them and refuses a cursor that was not made by that list.
 */
export function encodeCursor(keys: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(keys)).toString("base64url");
}

export function decodeCursor<S extends z.ZodType>(schema: S, cursor: string): z.output<S> {
  const parsed = schema.safeParse(safeJson(Buffer.from(cursor, "base64url").toString("utf8")));
  if (!parsed.success) {
    const message = "This cursor is not valid; pass the nextCursor of the previous page unchanged.";
    throw new AppError("INVALID_INPUT", message, { fields: { cursor: message } });
  }
  return parsed.data;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
