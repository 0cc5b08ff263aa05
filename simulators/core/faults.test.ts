import { describe, expect, it } from "vitest";
import { FaultBook, faultInputSchema, isCallFault } from "./faults";

const call = { platform: "instagram", operation: "publish", accountId: "1" };

function arm(book: FaultBook, input: Record<string, unknown>) {
  const parsed = faultInputSchema.parse(input);
  if (!isCallFault(parsed)) throw new Error("not a call fault");
  return book.add(parsed);
}

describe("FaultBook", () => {
  it("fires a counted fault exactly N times, then forgets it", () => {
    const book = new FaultBook();
    arm(book, { kind: "error", platform: "instagram", code: 2, count: 2 });
    const fired = [1, 2, 3].map(() => book.decide(call).before !== undefined);
    expect(fired).toEqual([true, true, false]);
    expect(book.size).toBe(0);
  });

  it("spreads a fraction evenly and deterministically", () => {
    const book = new FaultBook();
    arm(book, { kind: "error", platform: "instagram", code: 1, fraction: 0.25 });
    const fired = Array.from({ length: 8 }, () => book.decide(call).before !== undefined);
    expect(fired).toEqual([false, false, false, true, false, false, false, true]);
  });

  it("adds up latency and keeps a second terminal fault for the next call", () => {
    const book = new FaultBook();
    arm(book, { kind: "latency", platform: "instagram", latencyMs: 10 });
    arm(book, { kind: "latency", platform: "instagram", latencyMs: 5 });
    arm(book, { kind: "error", platform: "instagram", code: 1, count: 1 });
    arm(book, { kind: "http_status", platform: "instagram", status: 503, count: 1 });
    const first = book.decide(call);
    expect(first.latencyMs).toBe(15);
    expect(first.before?.kind).toBe("error");
    expect(book.decide(call).before?.kind).toBe("http_status");
  });

  it("matches platform, account and operation", () => {
    const book = new FaultBook();
    arm(book, { kind: "error", platform: "facebook", code: 1 });
    arm(book, { kind: "error", platform: "instagram", accountId: "2", code: 1 });
    arm(book, { kind: "error", platform: "instagram", operation: "create_container", code: 1 });
    expect(book.decide(call).before).toBeUndefined();
  });

  it("rejects unknown operations and count together with fraction", () => {
    expect(
      faultInputSchema.safeParse({ kind: "error", platform: "whatsapp", operation: "publish", code: 1 })
        .success,
    ).toBe(false);
    expect(
      faultInputSchema.safeParse({ kind: "error", platform: "instagram", code: 1, count: 1, fraction: 0.5 })
        .success,
    ).toBe(false);
  });
});
