import { describe, expect, it } from "vitest";
import type { TargetState } from "./story-status";
import { storyWait, targetWait, type WaitReason } from "./target-wait";

const now = new Date("2026-12-05T12:00:00Z");
const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000);
const target = (
  state: TargetState,
  waitReason: WaitReason | null = null,
  waitUntil: Date | null = null,
  displayName = "Acme Instagram",
) => ({ state, waitReason, waitUntil, waitDetail: null, channel: { displayName } });

describe("targetWait", () => {
  it("explains a current wait, and none once it has ended or the target has", () => {
    const story = { freshnessDeadline: at(120) };
    expect(targetWait(target("PENDING", "QUOTA", at(30)), story, now)).toMatchObject({
      reason: "QUOTA",
      until: at(30),
      pastDeadline: false,
      advice: "Nothing to do: it goes out as soon as the limit frees.",
    });
    expect(targetWait(target("PENDING", "QUOTA", at(-1)), story, now)).toBeNull();
    expect(targetWait(target("EXPIRED", "QUOTA", at(30)), story, now)).toBeNull();
    expect(targetWait(target("PENDING"), story, now)).toBeNull();
  });

  it("says a known end after the deadline means expiry, while a reconnect may still come in time", () => {
    const story = { freshnessDeadline: at(30) };
    const late = targetWait(target("PENDING", "PLATFORM_RATE_LIMIT", at(60)), story, now);
    expect(late?.pastDeadline).toBe(true);
    expect(late?.advice).toMatch(/after the story's latest start, so it will expire on Acme Instagram/);
    const reconnect = targetWait(target("NEEDS_REAUTH", "CHANNEL_NEEDS_REAUTH"), story, now);
    expect(reconnect).toMatchObject({ until: null, pastDeadline: false });
    expect(reconnect?.advice).toMatch(/^Reconnect Acme Instagram: .*before its latest start, it expires/);
    // Held before waits were recorded: still explained.
    expect(targetWait(target("NEEDS_REAUTH"), story, now)?.reason).toBe("CHANNEL_NEEDS_REAUTH");
  });
});

describe("storyWait", () => {
  const story = (status: string, ...targets: ReturnType<typeof target>[]) => ({
    status,
    freshnessDeadline: at(120),
    targets,
  });

  it("is set only when every open target of a PUBLISHING story waits, naming the first to end", () => {
    const waiting = storyWait(
      story(
        "PUBLISHING",
        target("NEEDS_REAUTH", "CHANNEL_NEEDS_REAUTH", null, "Acme WhatsApp"),
        target("PENDING", "QUOTA", at(40), "Acme Instagram"),
        target("PUBLISHED", null, null, "Acme Facebook"),
      ),
      now,
    );
    expect(waiting).toMatchObject({ reason: "QUOTA", channel: "Acme Instagram" });
    expect(
      storyWait(
        story("PUBLISHING", target("NEEDS_REAUTH", "CHANNEL_NEEDS_REAUTH", null, "Acme WhatsApp")),
        now,
      ),
    ).toMatchObject({ reason: "CHANNEL_NEEDS_REAUTH", channel: "Acme WhatsApp" });
    // One target at work: the story is publishing.
    expect(
      storyWait(
        story("PUBLISHING", target("NEEDS_REAUTH", "CHANNEL_NEEDS_REAUTH"), target("PREPARING")),
        now,
      ),
    ).toBeNull();
    expect(storyWait(story("SCHEDULED", target("NEEDS_REAUTH", "CHANNEL_NEEDS_REAUTH")), now)).toBeNull();
    expect(storyWait(story("PUBLISHING", target("PUBLISHED")), now)).toBeNull();
  });
});
