import type { DbOrTx } from "@/lib/db/client";
import type { MailJob } from "@/lib/queue/queues";
import { noticeMail } from "./notice-mail";

export type NoticeMailDeps = {
  db: DbOrTx;
  /** Adds a mail to the mail queue under `jobId`; adding the same id again must be a no-op. */
  enqueue(mail: MailJob, jobId: string): Promise<void>;
  /** PUBLIC_BASE_URL: links in mail lead to the dashboard. */
  baseUrl: string;
  now(): Date;
};

/** A notice older than this is not mailed any more: switching to e-mail does not send last month's bell. */
const MAIL_WINDOW_MS = 24 * 3_600_000;
const BATCH = 200;
/** Batches one run mails at most; the next run goes on. */
const MAX_ROUNDS = 25;

/**
 * Mails the unmailed notices of people who want each notice by e-mail, one mail per notice. Called
 * right after the transaction that wrote them commits (for its recipients) and by the workers'
 * sweep for notices older than `minAgeMs` (anything the first call missed: a crash, Redis down).
 *
 * Never twice: each mail's job id is the notice's (`notice-<id>`), so a notice enqueued by both
 * paths, or again after a crash between enqueue and the mark, is one job; `mailedAt` is set only
 * after the job is in the queue, so a failure to enqueue leaves it for the sweep. Returns how many
 * notices were handed to the queue.
 */
export async function mailNotices(
  deps: NoticeMailDeps,
  filter: { workspaceId?: string; userIds?: readonly string[]; minAgeMs?: number } = {},
): Promise<number> {
  let mailed = 0;
  // A backlog (workers down for an hour, say) drains in one run, a batch at a time, so fresh
  // notices behind it are not left waiting for several sweeps.
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const { found, marked } = await mailBatch(deps, filter);
    mailed += marked;
    if (found < BATCH) break;
  }
  return mailed;
}

async function mailBatch(
  deps: NoticeMailDeps,
  filter: { workspaceId?: string; userIds?: readonly string[]; minAgeMs?: number },
): Promise<{ found: number; marked: number }> {
  const now = deps.now();
  // Served by Notification(mailedAt, createdAt).
  const due = await deps.db.notification.findMany({
    where: {
      mailedAt: null,
      createdAt: {
        gte: new Date(now.getTime() - MAIL_WINDOW_MS),
        lte: new Date(now.getTime() - (filter.minAgeMs ?? 0)),
      },
      user: { noticeMail: "IMMEDIATE" },
      ...(filter.workspaceId ? { workspaceId: filter.workspaceId } : {}),
      ...(filter.userIds ? { userId: { in: [...filter.userIds] } } : {}),
    },
    orderBy: { createdAt: "asc" },
    take: BATCH,
    select: {
      id: true,
      title: true,
      body: true,
      link: true,
      createdAt: true,
      brandId: true,
      user: { select: { email: true } },
      workspace: { select: { name: true, slug: true } },
    },
  });
  if (due.length === 0) return { found: 0, marked: 0 };
  const brandNames = await brandNamesOf(deps.db, due);
  // Every mail is in the queue before any notice is marked: a failed add leaves the whole batch
  // for the next run, where the added ones are the same job ids again (no second mail).
  await Promise.all(
    due.map((notice) =>
      deps.enqueue(
        noticeMail(
          notice.user.email,
          { ...notice, brandName: notice.brandId ? (brandNames.get(notice.brandId) ?? null) : null },
          deps.baseUrl,
        ),
        `notice-${notice.id}`,
      ),
    ),
  );
  const marked = await deps.db.notification.updateMany({
    where: { id: { in: due.map((n) => n.id) }, mailedAt: null },
    data: { mailedAt: now },
  });
  return { found: due.length, marked: marked.count };
}

export async function brandNamesOf(db: DbOrTx, notices: readonly { brandId: string | null }[]) {
  const ids = [...new Set(notices.map((n) => n.brandId).filter((id): id is string => id !== null))];
  if (ids.length === 0) return new Map<string, string>();
  const brands = await db.brand.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
  return new Map(brands.map((b) => [b.id, b.name]));
}
