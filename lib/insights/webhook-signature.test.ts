import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { checkWebhookSignature, webhookSignature } from "./webhook-signature";

const body = Buffer.from('{"object":"instagram","entry":[]}');
const secrets = [
  { secret: "meta-secret", sandbox: false },
  { secret: "instagram-secret", sandbox: false },
  { secret: "sandbox-secret", sandbox: true },
];

describe("checkWebhookSignature", () => {
  it("accepts Meta's sha256=<hex HMAC of the raw body> for any configured secret, naming which kind", () => {
    const hex = createHmac("sha256", "instagram-secret").update(body).digest("hex");
    expect(webhookSignature(body, "instagram-secret")).toBe(`sha256=${hex}`);
    expect(checkWebhookSignature(body, `sha256=${hex}`, secrets)).toEqual({ ok: true, sandbox: false });
    expect(checkWebhookSignature(body, `sha256=${hex.toUpperCase()}`, secrets)).toEqual({
      ok: true,
      sandbox: false,
    });
    expect(checkWebhookSignature(body, webhookSignature(body, "sandbox-secret"), secrets)).toEqual({
      ok: true,
      sandbox: true,
    });
  });

  it("prefers a real app when a secret is configured as both", () => {
    const twice = [
      { secret: "same", sandbox: true },
      { secret: "same", sandbox: false },
    ];
    expect(checkWebhookSignature(body, webhookSignature(body, "same"), twice)).toEqual({
      ok: true,
      sandbox: false,
    });
  });

  it("tells a missing header from a malformed one and from a wrong signature", () => {
    expect(checkWebhookSignature(body, null, secrets)).toEqual({ ok: false, reason: "unsigned" });
    expect(checkWebhookSignature(body, "", secrets)).toEqual({ ok: false, reason: "unsigned" });
    expect(checkWebhookSignature(body, "sha1=abc", secrets)).toEqual({
      ok: false,
      reason: "malformed_signature",
    });
    expect(checkWebhookSignature(body, `sha256=${"0".repeat(63)}`, secrets)).toEqual({
      ok: false,
      reason: "malformed_signature",
    });
    expect(checkWebhookSignature(body, webhookSignature(body, "other"), secrets)).toEqual({
      ok: false,
      reason: "bad_signature",
    });
    // The bytes as received: the same JSON re-serialised with a space is another body.
    const spaced = Buffer.from('{"object": "instagram","entry":[]}');
    expect(checkWebhookSignature(spaced, webhookSignature(body, "meta-secret"), secrets)).toEqual({
      ok: false,
      reason: "bad_signature",
    });
  });
});
