import { z } from "zod";

/** Queue names and payload schemas: parsed when a job is added and again when it is processed. */
export const QUEUES = { mail: "mail" } as const;

export const mailJobSchema = z.object({
  to: z.email(),
  subject: z.string().min(1).max(200),
  text: z.string().min(1).max(20_000),
});

export type MailJob = z.infer<typeof mailJobSchema>;

/** Connection options every BullMQ Queue and Worker uses (Workers require maxRetriesPerRequest null). */
export function bullConnection(redisUrl: string) {
  return { url: redisUrl, maxRetriesPerRequest: null } as const;
}
