import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signWebhook, verifyWebhookSignature } from "./sign-webhook";

describe("webhook signatures", () => {
  const secret = "whsec_test";
  const body = '{"id":"evt_1","type":"story.published"}';

  it("signs `t.body` with HMAC-SHA256, as documented for receivers", () => {
    const expected = createHmac("sha256", secret).update(`1700000000.${body}`).digest("hex");
    expect(signWebhook(secret, body, 1_700_000_000)).toBe(`t=1700000000,v1=${expected}`);
  });

  it("verifies a fresh signature and refuses a changed body, another secret or an old timestamp", () => {
    const header = signWebhook(secret, body, 1_700_000_000);
    expect(verifyWebhookSignature({ secret, header, body, nowSeconds: 1_700_000_100 })).toBe(true);
    expect(verifyWebhookSignature({ secret, header, body: `${body} `, nowSeconds: 1_700_000_100 })).toBe(
      false,
    );
    expect(verifyWebhookSignature({ secret: "whsec_other", header, body, nowSeconds: 1_700_000_100 })).toBe(
      false,
    );
    expect(verifyWebhookSignature({ secret, header, body, nowSeconds: 1_700_000_301 })).toBe(false);
    expect(
      verifyWebhookSignature({ secret, header: "t=1700000000,v1=zz", body, nowSeconds: 1_700_000_000 }),
    ).toBe(false);
    expect(verifyWebhookSignature({ secret, header: undefined, body })).toBe(false);
  });
});
