import { describe, expect, it } from "vitest";
import type { MessagingSupport } from "./platforms/descriptor";
import { formatRemaining, replyWindow } from "./reply-window";

const HOUR = 3_600_000;
const meta: MessagingSupport = {
  replyWindowHours: 24,
  humanAgentDays: 7,
  maxTextLength: 1000,
  imageReplies: true,
};
const phone: MessagingSupport = {
  replyWindowHours: null,
  humanAgentDays: null,
  maxTextLength: 4096,
  imageReplies: true,
};
const now = new Date("2026-12-06T12:00:00Z");
const ago = (hours: number) => new Date(now.getTime() - hours * HOUR);
const decide = (lastInboundAt: Date | null, humanAgentReplies = false, messaging = meta) =>
  replyWindow({ messaging, platformName: "Instagram", lastInboundAt, humanAgentReplies, now });

describe("replyWindow", () => {
  it("is open for 24 hours after the person's last message, to the millisecond", () => {
    expect(decide(ago(1))).toEqual({ kind: "open", closesAt: new Date(ago(1).getTime() + 24 * HOUR) });
    expect(decide(new Date(now.getTime() - 24 * HOUR + 1)).kind).toBe("open");
    expect(decide(ago(24)).kind).toBe("closed");
  });

  it("offers the human-agent tag up to 7 days only when the workspace allows it", () => {
    const off = decide(ago(30));
    expect(off.kind).toBe("closed");
    if (off.kind === "closed") expect(off.reason).toMatch(/workspace settings/);
    expect(decide(ago(30), true)).toEqual({
      kind: "tagged",
      closesAt: new Date(ago(30).getTime() + 7 * 24 * HOUR),
    });
    const late = decide(ago(7 * 24), true);
    expect(late.kind).toBe("closed");
    if (late.kind === "closed") expect(late.reason).toMatch(/7 days/);
  });

  it("is closed before the person ever wrote, and always open without a window", () => {
    expect(decide(null).kind).toBe("closed");
    expect(decide(null, false, phone)).toEqual({ kind: "always" });
    expect(decide(ago(24 * 365), false, phone)).toEqual({ kind: "always" });
  });
});

describe("formatRemaining", () => {
  it("reads as the reply box says it", () => {
    expect(formatRemaining(3 * HOUR + 12 * 60_000 + 59_000)).toBe("3 h 12 min");
    expect(formatRemaining(45 * 60_000)).toBe("45 min");
    expect(formatRemaining(30_000)).toBe("under a minute");
    expect(formatRemaining(50 * HOUR)).toBe("2 d 2 h");
  });
});
