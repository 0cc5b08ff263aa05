import { describe, expect, it } from "vitest";
import { z } from "zod";
import { isAppError } from "@/lib/errors";
import { replyClientId } from "./inbox-present";

describe("replyClientId", () => {
  it("prefers the body's clientId, takes a UUID key as is, and derives a stable UUID from any other key", () => {
    const uuid = "0b6a4b6e-3f0e-4c1e-9a55-2d1c3a4b5c6d";
    expect(replyClientId({ clientId: uuid, idempotencyKey: "other", workspaceId: "w1" })).toBe(uuid);
    expect(replyClientId({ idempotencyKey: uuid.toUpperCase(), workspaceId: "w1" })).toBe(uuid);
    const derived = replyClientId({ idempotencyKey: "reply-42", workspaceId: "w1" });
    expect(z.uuid().safeParse(derived).success).toBe(true);
    expect(replyClientId({ idempotencyKey: "reply-42", workspaceId: "w1" })).toBe(derived);
    // Another workspace's same key is another message.
    expect(replyClientId({ idempotencyKey: "reply-42", workspaceId: "w2" })).not.toBe(derived);
  });

  it("refuses a request with neither, which a retry could send twice", () => {
    try {
      replyClientId({ idempotencyKey: null, workspaceId: "w1" });
      throw new Error("expected a refusal");
    } catch (error) {
      expect(isAppError(error, "INVALID_INPUT")).toBe(true);
    }
  });
});
