import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, newNonce, pageSecurityHeaders } from "./security-headers";

const directive = (policy: string, name: string) =>
  policy
    .split(";")
    .map((d) => d.trim())
    .find((d) => d.startsWith(`${name} `) || d === name);

describe("page security headers", () => {
  it("allows scripts only with the request's nonce, never inline or eval in production", () => {
    const policy = contentSecurityPolicy({ nonce: "abc123", https: false, development: false });
    expect(directive(policy, "script-src")).toBe("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(directive(policy, "frame-ancestors")).toBe("frame-ancestors 'none'");
    expect(directive(policy, "object-src")).toBe("object-src 'none'");
    expect(directive(policy, "connect-src")).toBe("connect-src 'self'");
    expect(policy).not.toContain("upgrade-insecure-requests");
  });

  it("sends HSTS and upgrades requests only behind https", () => {
    const plain = pageSecurityHeaders({ nonce: "n", https: false, development: false });
    expect(plain["Strict-Transport-Security"]).toBeUndefined();
    const tls = pageSecurityHeaders({ nonce: "n", https: true, development: false });
    expect(tls["Strict-Transport-Security"]).toMatch(/^max-age=\d{8}/);
    expect(tls["Content-Security-Policy"]).toContain("upgrade-insecure-requests");
  });

  it("lets images come from the extra sources only, never scripts", () => {
    const policy = contentSecurityPolicy({
      nonce: "n",
      https: false,
      development: false,
      imageSources: ["https:", "http://127.0.0.1:4100"],
    });
    expect(directive(policy, "img-src")).toBe("img-src 'self' data: blob: https: http://127.0.0.1:4100");
    expect(directive(policy, "script-src")).not.toContain("https:");
    expect(directive(policy, "default-src")).toBe("default-src 'self'");
  });

  it("makes a new 128-bit nonce each time", () => {
    const a = newNonce();
    expect(Buffer.from(a, "base64")).toHaveLength(16);
    expect(newNonce()).not.toBe(a);
  });
});
