import { randomUUID } from "node:crypto";
import { Queue, Worker } from "bullmq";
import { afterAll, describe, expect, it } from "vitest";
import { env } from "@/lib/env";
import type { Mail, Mailer } from "@/lib/mail/send-mail";
import { enqueueMail } from "@/lib/queue/mail-queue";
import { bullOptions, type MailJob, QUEUES } from "@/lib/queue/queues";
import { mailProcessor } from "./mail-processor";

/** Resolves when `predicate` holds, polling every 20 ms; rejects after `timeoutMs`. */
async function waitFor(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("mail queue", () => {
  const sent: Mail[] = [];
  let failuresLeft = 1;
  // The SMTP boundary: the first send fails as a flaky server would, then mail goes through.
  const mailer: Mailer = {
    async send(mail) {
      if (mail.subject.includes("flaky") && failuresLeft-- > 0) throw new Error("421 try again later");
      sent.push(mail);
      return { delivered: "smtp" };
    },
  };
  // A prefix of its own keeps this test's jobs away from any other worker on the same Redis.
  const options = bullOptions(env().REDIS_URL, QUEUES.mail, `test-${randomUUID()}`);
  const queue = new Queue<MailJob>(QUEUES.mail, options);
  const worker = new Worker(QUEUES.mail, mailProcessor(mailer), options);
  afterAll(async () => {
    await worker.close();
    await queue.obliterate({ force: true });
    await queue.close();
  });

  it("delivers a queued mail through the worker", async () => {
    const to = `mail-${randomUUID()}@example.test`;
    await enqueueMail({ to, subject: "Invite", text: "Join us" }, queue);
    await waitFor(() => sent.some((m) => m.to === to), 10_000, "the mail to be sent");
    expect(sent.filter((m) => m.to === to)).toEqual([{ to, subject: "Invite", text: "Join us" }]);
  });

  it("retries a failed send and delivers it once", async () => {
    const to = `retry-${randomUUID()}@example.test`;
    await enqueueMail({ to, subject: "flaky server", text: "Second time lucky" }, queue);
    // The job's first backoff is 5 s.
    await waitFor(() => sent.some((m) => m.to === to), 20_000, "the retried mail");
    expect(sent.filter((m) => m.to === to)).toHaveLength(1);
  });

  it("refuses a malformed mail before it reaches the queue", async () => {
    await expect(enqueueMail({ to: "not-an-address", subject: "x", text: "y" }, queue)).rejects.toThrow();
    expect(await queue.count()).toBe(0);
  });
});
