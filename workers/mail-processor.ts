import type { Job } from "bullmq";
import type { Mailer } from "@/lib/mail/send-mail";
import { runWithJobMeta } from "@/lib/queue/job-meta";
import { mailJobSchema } from "@/lib/queue/queues";

/** Sends one queued mail; a thrown error makes BullMQ retry with the job's backoff. */
export function mailProcessor(mailer: Mailer) {
  return async (job: Job) => {
    const { meta, ...mail } = mailJobSchema.parse(job.data);
    return runWithJobMeta(job.queueName, meta, () => mailer.send(mail));
  };
}
