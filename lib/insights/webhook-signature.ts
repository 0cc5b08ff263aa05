import { createHmac, timingSafeEqual } from "node:crypto";

/** An app secret deliveries may be signed with, and which channels a delivery it signs may reach. */
export type WebhookSecret = {
  secret: string;
  /**
   * The simulators' own app: its secret is public (it is in this repository), so a delivery it
   * signs may only reach sandbox channels, never a real account's numbers.
   */
  sandbox: boolean;
};

/** Meta's `X-Hub-Signature-256` value for `body`: `sha256=` and the hex HMAC-SHA256 keyed by the app secret. */
export function webhookSignature(body: string | Buffer, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

export type SignatureCheck =
  | { ok: true; sandbox: boolean }
  | { ok: false; reason: "unsigned" | "malformed_signature" | "bad_signature" };

/**
 * Checks a delivery's `X-Hub-Signature-256` against every configured app secret: one Meta app
 * (Facebook Login) and one Instagram app may both deliver here, each signing with its own secret.
 * Compared in constant time, over the raw bytes as received (a re-serialised body would differ).
 * When several secrets match (the same secret configured twice), a real app's wins.
 */
export function checkWebhookSignature(
  rawBody: Buffer,
  header: string | null,
  secrets: readonly WebhookSecret[],
): SignatureCheck {
  if (!header) return { ok: false, reason: "unsigned" };
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header.trim());
  if (!match?.[1]) return { ok: false, reason: "malformed_signature" };
  const given = Buffer.from(match[1].toLowerCase(), "hex");
  let found: { sandbox: boolean } | undefined;
  for (const { secret, sandbox } of secrets) {
    const expected = createHmac("sha256", secret).update(rawBody).digest();
    // Every secret is tried, so the time taken does not tell which one matched.
    if (timingSafeEqual(expected, given) && (!found || found.sandbox)) found = { sandbox };
  }
  return found ? { ok: true, sandbox: found.sandbox } : { ok: false, reason: "bad_signature" };
}
