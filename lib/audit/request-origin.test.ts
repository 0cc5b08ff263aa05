import { describe, expect, it } from "vitest";
import { requestOriginOf, USER_AGENT_MAX } from "./request-origin";
import { shortUserAgent } from "./short-user-agent";

describe("requestOriginOf", () => {
  const headers = new Headers({
    "x-forwarded-for": " 198.51.100.7 , 10.0.0.2",
    "x-real-ip": "10.0.0.9",
    "user-agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Safari/604.1",
  });

  it("keeps the first hop of X-Forwarded-For only behind a trusted proxy", () => {
    expect(requestOriginOf(headers, true).ip).toBe("198.51.100.7");
    expect(requestOriginOf(headers, false).ip).toBeNull();
    expect(requestOriginOf(new Headers({ "x-real-ip": "10.0.0.9" }), true).ip).toBe("10.0.0.9");
    expect(requestOriginOf(new Headers(), true)).toEqual({ ip: null, userAgent: null });
  });

  it("keeps the user agent either way, truncated", () => {
    expect(requestOriginOf(headers, false).userAgent).toContain("iPhone");
    const long = requestOriginOf(new Headers({ "user-agent": "x".repeat(5000) }), false);
    expect(long.userAgent).toHaveLength(USER_AGENT_MAX);
  });
});

describe("shortUserAgent", () => {
  it("names the browser and system", () => {
    expect(shortUserAgent("Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0")).toBe(
      "Firefox on Linux",
    );
    expect(
      shortUserAgent(
        "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36",
      ),
    ).toBe("Chrome on Android");
    expect(
      shortUserAgent("Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Version/18.0 Safari/604.1"),
    ).toBe("Safari on iOS");
    expect(shortUserAgent("curl/8.5.0")).toBe("curl");
    expect(shortUserAgent(null)).toBe("");
    expect(shortUserAgent("SomeBot/1.0 (+https://example.test/a/very/long/address/for/bots)")).toHaveLength(
      40,
    );
  });
});
