import type { CapturedMail } from "@/test/mail/smtp-sink";

export type { CapturedMail };

function sinkUrl(): string {
  const port = process.env.E2E_MAIL_HTTP_PORT;
  if (!port)
    throw new Error("E2E_MAIL_HTTP_PORT is not set: run the browser tests through playwright.config.ts.");
  return `http://127.0.0.1:${port}`;
}

/**
 * The mail the stack sent, as the e2e mail sink captured it (the workers send every mail there
 * over SMTP). Specs find theirs by recipient: each spec's people have addresses of their own run.
 */
export const mailSink = {
  async all(): Promise<CapturedMail[]> {
    const response = await fetch(`${sinkUrl()}/messages`);
    if (!response.ok) throw new Error(`mail sink answered HTTP ${response.status}`);
    return (await response.json()) as CapturedMail[];
  },

  /** Mail to `to` (lower-cased address), optionally only those `match` accepts. */
  async to(to: string, match: (mail: CapturedMail) => boolean = () => true): Promise<CapturedMail[]> {
    return (await mailSink.all()).filter((mail) => mail.to.includes(to.toLowerCase()) && match(mail));
  },

  /** Waits for the first mail to `to` that `match` accepts, polling the sink. */
  async waitFor(
    to: string,
    match: (mail: CapturedMail) => boolean = () => true,
    timeoutMs = 30_000,
  ): Promise<CapturedMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const [found] = await mailSink.to(to, match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching mail to ${to} within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  },
};
