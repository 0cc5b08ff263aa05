import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";

export const NOTICE_MAIL_CHOICES = ["IMMEDIATE", "DIGEST", "OFF"] as const;

export const NOTICE_MAIL_LABELS: Record<(typeof NOTICE_MAIL_CHOICES)[number], string> = {
  IMMEDIATE: "E-mail each notification at once",
  DIGEST: "One daily digest of unread notifications",
  OFF: "No e-mail (the bell only)",
};

export const setNoticeMailSchema = z.strictObject({
  noticeMail: z.enum(NOTICE_MAIL_CHOICES, "Choose how notifications reach your inbox."),
});

/**
 * A person's choice of how notices reach their inbox, for every workspace they are in. Leaving
 * "no e-mail" does not mail the notices collected meanwhile: they count as handled, so switching
 * on is not a burst of yesterday's news. Choosing the digest claims today's: the first one comes
 * at the next digest hour, not the minute the choice is saved (the digest runs from its hour on,
 * once per UTC day, so an unclaimed day would be sent at once after the hour).
 */
export async function setNoticeMail(db: Db, userId: string | null, input: { noticeMail: string }) {
  if (!userId) throw new AppError("FORBIDDEN", "Only a signed-in person has notification settings.");
  const { noticeMail } = parseInput(setNoticeMailSchema, input);
  const now = new Date();
  return db.$transaction(async (tx) => {
    const before = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { noticeMail: true } });
    if (before.noticeMail === "OFF" && noticeMail !== "OFF") {
      await tx.notification.updateMany({ where: { userId, mailedAt: null }, data: { mailedAt: now } });
    }
    const startsDigest = noticeMail === "DIGEST" && before.noticeMail !== "DIGEST";
    return tx.user.update({
      where: { id: userId },
      data: { noticeMail, ...(startsDigest ? { digestDay: now.toISOString().slice(0, 10) } : {}) },
      select: { noticeMail: true },
    });
  });
}

export async function getNoticeMail(db: Db, userId: string | null) {
  if (!userId) return null;
  const user = await db.user.findUnique({ where: { id: userId }, select: { noticeMail: true, email: true } });
  return user;
}
