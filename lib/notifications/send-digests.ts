import type { Db } from "@/lib/db/client";
import type { MailJob } from "@/lib/queue/queues";
import { brandNamesOf } from "./mail-notices";
import { digestMail } from "./notice-mail";

export type DigestDeps = {
  db: Db;
  enqueue(mail: MailJob, jobId: string): Promise<void>;
  baseUrl: string;
  /** DIGEST_HOUR_UTC: digests go out from this hour on, once per UTC day. */
  digestHourUtc: number;
  now(): Date;
};

const DAY_MS = 24 * 3_600_000;
const USERS_PER_RUN = 200;

/**
 * The daily digest: from the configured hour on, each person who chose it gets one mail listing
 * their unread, unmailed notices of the last day, grouped by workspace and brand; those notices
 * are then mailed (never again, in a digest or alone). Run every few minutes by the workers: the
 * person's `digestDay` is claimed in the same transaction that queues the mail (job id per person
 * and day), so two workers, or a rerun after a crash, send one digest a day. Nothing unread and
 * unmailed: no mail, and the day stays unclaimed. Returns the number of digests queued.
 */
export async function sendDigests(deps: DigestDeps): Promise<number> {
  const now = deps.now();
  if (now.getUTCHours() < deps.digestHourUtc) return 0;
  const today = now.toISOString().slice(0, 10);
  const since = new Date(now.getTime() - DAY_MS);
  const unread = { readAt: null, mailedAt: null, createdAt: { gte: since, lte: now } } as const;
  const users = await deps.db.user.findMany({
    where: {
      noticeMail: "DIGEST",
      OR: [{ digestDay: null }, { digestDay: { lt: today } }],
      notifications: { some: unread },
    },
    select: { id: true, email: true },
    take: USERS_PER_RUN,
  });
  let sent = 0;
  for (const user of users) {
    const queued = await deps.db.$transaction(async (tx) => {
      const claimed = await tx.user.updateMany({
        where: { id: user.id, noticeMail: "DIGEST", OR: [{ digestDay: null }, { digestDay: { lt: today } }] },
        data: { digestDay: today },
      });
      if (claimed.count === 0) return false;
      const notices = await tx.notification.findMany({
        where: { userId: user.id, ...unread },
        orderBy: { createdAt: "asc" },
        select: {
          id: true,
          title: true,
          body: true,
          link: true,
          createdAt: true,
          brandId: true,
          workspace: { select: { name: true, slug: true } },
        },
      });
      if (notices.length === 0) return false;
      const names = await brandNamesOf(tx, notices);
      const mail = digestMail(
        user.email,
        notices.map((n) => ({ ...n, brandName: n.brandId ? (names.get(n.brandId) ?? null) : null })),
        deps.baseUrl,
        now,
      );
      await tx.notification.updateMany({
        where: { id: { in: notices.map((n) => n.id) } },
        data: { mailedAt: now },
      });
      // Last: should queueing fail, the claim and the marks roll back and the next run retries.
      await deps.enqueue(mail, `digest-${user.id}-${today}`);
      return true;
    });
    if (queued) sent += 1;
  }
  return sent;
}
