import { describe, expect, it } from "vitest";
import { classifyWahaError } from "./classify-waha-error";

describe("classifyWahaError", () => {
  it("401 (wrong or missing X-Api-Key) → reauth_required", () => {
    const error = classifyWahaError({ status: 401, body: { message: "Unauthorized", statusCode: 401 } });
    expect(error).toMatchObject({ errorClass: "reauth_required", platformCode: "HTTP 401" });
  });

  it.each(["SCAN_QR_CODE", "STOPPED", "FAILED"])("422 with the session in %s → reauth_required", (status) => {
    const error = classifyWahaError({
      status: 422,
      body: { error: "Session status is not as expected", session: "s", status, expected: ["WORKING"] },
    });
    expect(error.errorClass).toBe("reauth_required");
    expect(error.platformCode).toBe(`HTTP 422 ${status}`);
  });

  it("says to scan the QR code again for SCAN_QR_CODE", () => {
    const error = classifyWahaError({ status: 422, body: { status: "SCAN_QR_CODE" } });
    expect(error.advice).toMatch(/scan the QR code/);
  });

  it("422 with the session STARTING → retryable after a short wait", () => {
    const error = classifyWahaError({ status: 422, body: { status: "STARTING" } });
    expect(error.errorClass).toBe("retryable");
    expect(error.retryAfterMs).toBeGreaterThan(0);
  });

  it("404 for a missing session → reauth_required", () => {
    const error = classifyWahaError({
      status: 404,
      body: { statusCode: 404, message: 'Session "x" does not exist' },
    });
    expect(error.errorClass).toBe("reauth_required");
  });

  it("400 (media refused) → invalid_content with advice", () => {
    const error = classifyWahaError({
      status: 400,
      body: { statusCode: 400, message: "image status must be JPEG, got png", error: "Bad Request" },
    });
    expect(error).toMatchObject({ errorClass: "invalid_content" });
    expect(error.advice).toMatch(/JPEG/);
  });

  it("5xx → retryable", () => {
    expect(classifyWahaError({ status: 500, body: { statusCode: 500, message: "boom" } }).errorClass).toBe(
      "retryable",
    );
    expect(classifyWahaError({ status: 502, body: undefined, text: "Bad Gateway" }).platformMessage).toBe(
      "Bad Gateway",
    );
  });

  it("429 → rate_limited", () => {
    expect(classifyWahaError({ status: 429, body: undefined }).errorClass).toBe("rate_limited");
  });
});
