import type { Queue } from "bullmq";
import type { Db } from "@/lib/db/client";
import type { Env } from "@/lib/env";
import { messageOf } from "@/lib/errors";
import type { Logger } from "@/lib/logger";
import { mailNotices } from "@/lib/notifications/mail-notices";
import { sendDigests } from "@/lib/notifications/send-digests";
import { enqueueMail } from "@/lib/queue/mail-queue";
import type { MailJob } from "@/lib/queue/queues";

/**
 * Comments are mailed by the web process right after they commit; every other notice (review
 * decisions, the pipeline's outcomes, overdue approvals, handoffs) is written in a transaction of
 * its own producer, and this sweep mails it. A short grace and interval keep "immediate" within
 * about ten seconds for all of them; both paths racing is harmless (one job id per notice).
 */
export const NOTICE_MAIL_GRACE_MS = 5_000;
const NOTICE_MAIL_SWEEP_MS = 5_000;

export type NoticeMailerOptions = {
  db: Db;
  config: Pick<Env, "PUBLIC_BASE_URL" | "DIGEST_HOUR_UTC">;
  logger: Logger;
  /** Tests pass their own (prefixed) mail queue. */
  mailQueue?: Queue<MailJob>;
  intervalMs?: number;
  graceMs?: number;
  now?: () => Date;
};

/**
 * The notice-mail sweep and the daily digest, on a plain timer (like the publish sweep: Postgres
 * is the record of what is still to mail, so it keeps working after Redis lost its data). Every
 * worker process runs it; job ids and the per-day claim keep the mail single.
 */
export function startNoticeMailer(options: NoticeMailerOptions) {
  const deps = {
    db: options.db,
    baseUrl: options.config.PUBLIC_BASE_URL,
    now: options.now ?? (() => new Date()),
    enqueue: (mail: MailJob, jobId: string) => enqueueMail(mail, options.mailQueue, { jobId }),
  };
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const tick = async () => {
    try {
      const mailed = await mailNotices(deps, { minAgeMs: options.graceMs ?? NOTICE_MAIL_GRACE_MS });
      const digests = await sendDigests({ ...deps, digestHourUtc: options.config.DIGEST_HOUR_UTC });
      if (mailed + digests > 0) options.logger.info({ mailed, digests }, "notice mail");
    } catch (error) {
      options.logger.warn({ reason: messageOf(error) }, "notice mail sweep failed; next one soon");
    }
    if (!stopped) timer = setTimeout(() => void tick(), options.intervalMs ?? NOTICE_MAIL_SWEEP_MS).unref();
  };
  void tick();
  return {
    close() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
