import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";

const sessionIdSchema = z.string().min(1).max(100);

/**
 * Signs one of the user's browsers out: its next request finds the row revoked. Another user's
 * session id is NOT_FOUND, like one that does not exist.
 */
export async function revokeSession(db: Db, userId: string, sessionId: unknown): Promise<void> {
  const id = parseInput(sessionIdSchema, sessionId);
  const { count } = await db.userSession.updateMany({
    where: { id, userId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (count === 0) throw new AppError("NOT_FOUND", "That session was not found: it may have ended already.");
}
