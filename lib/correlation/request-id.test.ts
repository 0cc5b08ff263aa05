import { describe, expect, it } from "vitest";
import { currentRequestId, requestIdFrom, withRequestId } from "./request-id";

describe("correlation ids", () => {
  it("takes a caller's id that is safe to log, and makes a new one for anything else", () => {
    expect(requestIdFrom("abc-123")).toBe("abc-123");
    expect(requestIdFrom(" Root=1-67891233-abcdef012345678912345678 ")).toBe(
      "Root=1-67891233-abcdef012345678912345678",
    );
    for (const unsafe of [
      undefined,
      null,
      "",
      "two words",
      'quote"d',
      "line\nbreak",
      "x".repeat(129),
      "ünïcode",
    ]) {
      const made = requestIdFrom(unsafe);
      expect(made).toMatch(/^[0-9a-f-]{36}$/);
      expect(made).not.toBe(unsafe);
    }
  });

  it("is the current id inside its scope, across awaits, and none outside", async () => {
    expect(currentRequestId()).toBeUndefined();
    await withRequestId("req-1", async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      expect(currentRequestId()).toBe("req-1");
    });
    expect(currentRequestId()).toBeUndefined();
  });
});
