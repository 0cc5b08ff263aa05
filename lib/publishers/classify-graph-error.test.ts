import { describe, expect, it } from "vitest";
import {
  classifyGraphError,
  classifyUploadError,
  DEFAULT_THROTTLE_WAIT_MS,
  isMediaNotReady,
  POLICY_BLOCK_WAIT_MS,
  PUBLISHING_LIMIT_WAIT_MS,
  parseGraphEnvelope,
} from "./classify-graph-error";
import type { GraphUsage } from "./graph-usage";

function envelope(code: number, subcode?: number, extra: Record<string, unknown> = {}) {
  return {
    error: {
      message: `(#${code}) test error`,
      type: "OAuthException",
      code,
      ...(subcode === undefined ? {} : { error_subcode: subcode }),
      fbtrace_id: "Atrace",
      ...extra,
    },
  };
}

const classify = (code: number, subcode?: number, extra: Record<string, unknown> = {}, status = 400) =>
  classifyGraphError({ status, body: envelope(code, subcode, extra), platform: "Instagram" });

// One case per row of the error table in platform-contracts.md, in its order.
describe("classifyGraphError: the contract's error table", () => {
  it.each([458, 459, 460, 463, 464, 467, 492])("190 / %i (token unusable) → reauth_required", (subcode) => {
    const error = classify(190, subcode);
    expect(error.errorClass).toBe("reauth_required");
    expect(error.platformCode).toBe(`190/${subcode}`);
    expect(error.advice).toMatch(/Reconnect Instagram|Instagram/);
  });

  it("190 / 463 says the token expired", () => {
    expect(classify(190, 463).advice).toBe("Reconnect Instagram: the access token expired.");
  });

  it("190 without subcode (unparsable token) → reauth_required", () => {
    expect(classify(190).errorClass).toBe("reauth_required");
  });

  it.each([10, 200, 210, 299])("%i (permission missing) → reauth_required asking for the scopes", (code) => {
    const error = classify(code);
    expect(error.errorClass).toBe("reauth_required");
    expect(error.advice).toMatch(/permission/);
  });

  it.each([1, 2])("%i (temporary server problem) → retryable", (code) => {
    expect(classify(code, undefined, {}, 500).errorClass).toBe("retryable");
  });

  it("any unknown code with is_transient: true → retryable", () => {
    expect(classify(12345, undefined, { is_transient: true }).errorClass).toBe("retryable");
  });

  it.each([4, 17, 32, 613, 80001, 80002])("%i (throttled) → rate_limited with a default wait", (code) => {
    const error = classify(code, undefined, { is_transient: true });
    expect(error.errorClass).toBe("rate_limited");
    expect(error.retryAfterMs).toBe(DEFAULT_THROTTLE_WAIT_MS);
  });

  it("a throttle waits as long as the usage headers say", () => {
    const usage: GraphUsage = { businessUseCases: [], maxPercent: 100, regainAccessMs: 17 * 60_000 };
    const error = classifyGraphError({ status: 400, body: envelope(80002), usage, platform: "Instagram" });
    expect(error).toMatchObject({ errorClass: "rate_limited", retryAfterMs: 17 * 60_000 });
  });

  it("9 / 2207042 (publishing limit) → rate_limited until the 24 h window frees", () => {
    const error = classify(9, 2207042);
    expect(error).toMatchObject({ errorClass: "rate_limited", retryAfterMs: PUBLISHING_LIMIT_WAIT_MS });
    expect(error.platformCode).toBe("9/2207042");
    expect(error.advice).toMatch(/publishing limit/);
  });

  it("368 (policy block) → rate_limited with a long wait and a person told", () => {
    const error = classify(368);
    expect(error).toMatchObject({ errorClass: "rate_limited", retryAfterMs: POLICY_BLOCK_WAIT_MS });
    expect(error.advice).toMatch(/someone should check/);
  });

  it("9007 / 2207027 (not ready) is recognised, and is only a short retry", () => {
    expect(isMediaNotReady(parseGraphEnvelope(envelope(9007, 2207027)))).toBe(true);
    expect(isMediaNotReady(parseGraphEnvelope(envelope(4)))).toBe(false);
    const error = classify(9007, 2207027);
    expect(error.errorClass).toBe("retryable");
    expect(error.newContainerNeeded).toBeUndefined();
    expect(error.retryAfterMs).toBeLessThanOrEqual(10_000);
  });

  it.each([
    [-2, 2207003],
    [-1, 2207001],
    [-1, 2207032],
  ])(
    "%i / %i (download timeout, server error, create failed) → retryable, same container",
    (code, subcode) => {
      const error = classify(code, subcode);
      expect(error.errorClass).toBe("retryable");
      expect(error.newContainerNeeded).toBeUndefined();
    },
  );

  it.each([
    [-2, 2207020],
    [24, 2207006],
    [24, 2207008],
    [-1, 2207053],
  ])(
    "%i / %i (container expired, missing, upload error) → retryable with a new container",
    (code, subcode) => {
      expect(classify(code, subcode)).toMatchObject({ errorClass: "retryable", newContainerNeeded: true });
    },
  );

  it("4 / 2207051 (spam) → invalid_content, told apart from the code-4 throttle by its subcode", () => {
    expect(classify(4, 2207051).errorClass).toBe("invalid_content");
    expect(classify(4).errorClass).toBe("rate_limited");
  });

  it("25 / 2207050 (account restricted) → reauth_required", () => {
    expect(classify(25, 2207050).errorClass).toBe("reauth_required");
  });

  it.each([
    [352, 2207026, /video's format/],
    [36000, 2207004, /larger than Instagram's 8 MB limit/],
    [36001, 2207005, /only JPEG/],
    [36003, 2207009, /aspect ratio/],
    [9004, 2207052, /could not download/],
  ])("%i / %i → invalid_content with advice", (code, subcode, advice) => {
    const error = classify(code, subcode);
    expect(error.errorClass).toBe("invalid_content");
    expect(error.advice).toMatch(advice);
    // The code alone (Facebook sends 352 without a subcode) means the same.
    expect(classify(code).errorClass).toBe("invalid_content");
  });

  it("100 (invalid parameter) → invalid_content carrying the platform's words", () => {
    const error = classify(100, undefined, { error_user_msg: "The parameter image_url is required" });
    expect(error.errorClass).toBe("invalid_content");
    expect(error.advice).toContain("The parameter image_url is required");
  });

  it("506 (duplicate post) → invalid_content", () => {
    expect(classify(506).errorClass).toBe("invalid_content");
  });
});

describe("classifyGraphError: beyond the table", () => {
  it("100 / 33 (object missing or not visible to the token) → reauth_required", () => {
    expect(classify(100, 33).errorClass).toBe("reauth_required");
  });

  it("100 about appsecret_proof (wrong app secret) → reauth_required, not the story's fault", () => {
    const error = classify(100, undefined, {
      message: "Invalid appsecret_proof provided in the API argument",
      type: "GraphMethodException",
    });
    expect(error.errorClass).toBe("reauth_required");
    expect(error.advice).toMatch(/app secret/);
  });

  it("324 (unreadable image on a Page) → invalid_content", () => {
    expect(classify(324).errorClass).toBe("invalid_content");
  });

  it("a 5xx without an envelope → retryable with the HTTP status as code", () => {
    const error = classifyGraphError({ status: 503, body: "Service Unavailable", platform: "Facebook" });
    expect(error).toMatchObject({ errorClass: "retryable", platformCode: "HTTP 503" });
    expect(error.platformMessage).toBe("Service Unavailable");
  });

  it("a 429 without an envelope → rate_limited", () => {
    expect(classifyGraphError({ status: 429, body: undefined, platform: "Facebook" }).errorClass).toBe(
      "rate_limited",
    );
  });

  it("an unknown code → retryable, so a story is not failed on a code we never saw", () => {
    expect(classify(987654).errorClass).toBe("retryable");
  });

  it("keeps the platform's user title and message", () => {
    const error = classify(36001, 2207005, {
      error_user_title: "Unsupported image format",
      error_user_msg: "Supported formats are: JPEG",
    });
    expect(error.platformMessage).toBe("Unsupported image format: Supported formats are: JPEG");
  });

  it("names the platform in the advice", () => {
    const error = classifyGraphError({ status: 400, body: envelope(190, 463), platform: "Facebook" });
    expect(error.advice).toBe("Reconnect Facebook: the access token expired.");
  });
});

describe("classifyUploadError", () => {
  const upload = (status: number, debug: Record<string, unknown>) =>
    classifyUploadError({ status, body: { debug_info: debug }, platform: "Facebook" });

  it("401 → reauth_required", () => {
    expect(upload(401, { retriable: false, type: "OAuthException", message: "expired" }).errorClass).toBe(
      "reauth_required",
    );
  });

  it("a retriable failure → retryable with a new upload", () => {
    expect(upload(400, { retriable: true, type: "ProcessingFailedError", message: "x" })).toMatchObject({
      errorClass: "retryable",
      newContainerNeeded: true,
    });
  });

  it("a file that is too large → invalid_content", () => {
    expect(upload(400, { retriable: false, type: "FileTooLargeError", message: "x" }).errorClass).toBe(
      "invalid_content",
    );
  });

  it("a plain Graph envelope is classified as such", () => {
    const error = classifyUploadError({ status: 400, body: envelope(190, 463), platform: "Facebook" });
    expect(error).toMatchObject({ errorClass: "reauth_required", newContainerNeeded: true });
  });
});
