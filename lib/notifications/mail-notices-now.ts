import type { Db } from "@/lib/db/client";
import type { Logger } from "@/lib/logger";
import { enqueueMail } from "@/lib/queue/mail-queue";
import { mailNotices } from "./mail-notices";

/**
 * The web process's "mail at once" after a transaction that notified `userIds` has committed. A
 * failure is logged, not raised: the change is done, and the workers' sweep mails what is left
 * within a minute or two.
 */
export async function mailNoticesNow(
  deps: { db: Db; baseUrl: string; logger: Logger },
  workspaceId: string,
  userIds: readonly string[],
): Promise<void> {
  if (userIds.length === 0) return;
  try {
    await mailNotices(
      {
        db: deps.db,
        baseUrl: deps.baseUrl,
        now: () => new Date(),
        enqueue: (mail, jobId) => enqueueMail(mail, undefined, { jobId }),
      },
      { workspaceId, userIds },
    );
  } catch (error) {
    deps.logger.warn({ err: error, workspaceId }, "notices not mailed yet; the sweep will");
  }
}
