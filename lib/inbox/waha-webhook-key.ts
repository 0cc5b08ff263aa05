import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * The key a channel's WAHA session signs its webhooks with: derived from the server's secret and
 * the channel id, never stored. Nothing new to keep safe or to leak from a database dump, every
 * channel's key differs (one gateway's key opens no other channel's URL), and the same key comes
 * back on every worker and web process. Changing the server secret changes every key: sandbox
 * sessions are set up again within a minute, a real gateway's key must be pasted again.
 */
export function wahaWebhookKey(serverSecret: string, channelId: string): string {
  return createHmac("sha256", serverSecret).update(`waha-webhook:${channelId}`).digest("hex");
}

/** WAHA's `X-Webhook-Hmac`: hex HMAC-SHA512 of the raw body keyed by the webhook's hmac.key. */
export function wahaSignature(body: string | Buffer, key: string): string {
  return createHmac("sha512", key).update(body).digest("hex");
}

/** Compares in constant time; a header that is not 128 hex digits never matches. */
export function wahaSignatureMatches(body: Buffer, header: string, key: string): boolean {
  const given = header.trim().toLowerCase();
  if (!/^[0-9a-f]{128}$/.test(given)) return false;
  return timingSafeEqual(Buffer.from(wahaSignature(body, key), "hex"), Buffer.from(given, "hex"));
}
