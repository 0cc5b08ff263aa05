import type { Job } from "bullmq";
import type { Mailer } from "@/lib/mail/send-mail";
import { mailJobSchema } from "@/lib/queue/queues";

/** Sends one queued mail; a thrown error makes BullMQ retry with the job's backoff. */
export function mailProcessor(mailer: Mailer) {
  return async (job: Job) => {
    const mail = mailJobSchema.parse(job.data);
    return mailer.send(mail);
  };
}
