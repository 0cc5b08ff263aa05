import nodemailer from "nodemailer";
import type { Logger } from "@/lib/logger";

export type Mail = { to: string; subject: string; text: string };

export type Mailer = { send(mail: Mail): Promise<{ delivered: "smtp" | "log" }> };

/**
 * SMTP when configured; otherwise the mail is written to the log, so a fresh install without a
 * mail server still shows invite links to whoever runs it.
 */
export function createMailer(config: { smtpUrl?: string; from: string }, logger: Logger): Mailer {
  const transport = config.smtpUrl ? nodemailer.createTransport(config.smtpUrl) : null;
  return {
    async send(mail) {
      if (!transport) {
        logger.info(
          { to: mail.to, subject: mail.subject },
          `mail (SMTP_URL not set, not sent):\n${mail.text}`,
        );
        return { delivered: "log" };
      }
      await transport.sendMail({ from: config.from, ...mail });
      return { delivered: "smtp" };
    },
  };
}
