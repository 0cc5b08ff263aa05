import { isFinalTargetState, type TargetState } from "./story-status";

/**
 * What an open target is waiting for, as the story page and the API explain it. The pipeline
 * stores the reason, the end and the platform's own numbers on the target when it gives the
 * target back (lib/publishing/publish-target.ts); this turns them into what a person reads, with
 * what they can do, and says when a wait cannot end before the story's latest start.
 */

export const WAIT_REASONS = [
  "CONTAINER_PROCESSING",
  "RETRY_BACKOFF",
  "PLATFORM_RATE_LIMIT",
  "QUOTA",
  "CALL_BUDGET",
  "CHANNEL_NEEDS_REAUTH",
] as const;
export type WaitReason = (typeof WAIT_REASONS)[number];

export type TargetWait = {
  reason: WaitReason;
  /** When the wait ends; null when it waits for a person (a reconnect). */
  until: Date | null;
  /** The platform's own numbers, when the wait is a platform limit. */
  detail: string | null;
  /** A short phrase: "Instagram's publishing limit", "a reconnect of Acme Instagram". */
  waitingFor: string;
  /** The wait ends after the story's latest start: the channel expires rather than publish late. */
  pastDeadline: boolean;
  /** What the person can do, in one sentence. */
  advice: string;
};

type WaitingTarget = {
  state: TargetState;
  waitReason: WaitReason | null;
  waitUntil: Date | null;
  waitDetail: string | null;
  channel: { displayName: string };
};

/** The target's current wait, or null when it is not waiting (ended, or its wait is over). */
export function targetWait(
  target: WaitingTarget,
  story: { freshnessDeadline: Date | null },
  now: Date,
): TargetWait | null {
  // A target held for a reconnect before waits were recorded still says so.
  const reason = target.waitReason ?? (target.state === "NEEDS_REAUTH" ? "CHANNEL_NEEDS_REAUTH" : null);
  if (!reason || isFinalTargetState(target.state)) return null;
  // A wait with an end that has passed is over: the pipeline is at work on the target again.
  if (target.waitUntil && target.waitUntil <= now) return null;
  const deadline = story.freshnessDeadline;
  const pastDeadline = deadline !== null && (target.waitUntil === null || target.waitUntil > deadline);
  // A reconnect may still come in time: only a known end can be past the deadline for sure.
  const certainlyLate = pastDeadline && target.waitUntil !== null;
  const name = target.channel.displayName;
  return {
    reason,
    until: target.waitUntil,
    detail: target.waitDetail,
    waitingFor: WAITING_FOR[reason](name),
    pastDeadline: certainlyLate,
    advice: certainlyLate
      ? `This is after the story's latest start, so it will expire on ${name}: leave ${name} out or publish it later.`
      : ADVICE[reason](name, deadline !== null),
  };
}

// Phrases that read after "waiting for"; the channel is named around them.
const WAITING_FOR: Record<WaitReason, (channel: string) => string> = {
  CONTAINER_PROCESSING: () => "the platform to finish processing the media",
  RETRY_BACKOFF: () => "the next try after a temporary problem",
  PLATFORM_RATE_LIMIT: () => "the platform's rate limit to lift",
  QUOTA: () => "the platform's publishing limit",
  CALL_BUDGET: () => "the channel's per-minute call budget",
  CHANNEL_NEEDS_REAUTH: () => "the channel to be reconnected",
};

/** "the platform's publishing limit": what a target with this wait is waiting for. */
export function waitingFor(reason: WaitReason, channel: string): string {
  return WAITING_FOR[reason](channel);
}

const ADVICE: Record<WaitReason, (channel: string, hasDeadline: boolean) => string> = {
  CONTAINER_PROCESSING: () => "Nothing to do: it goes out as soon as the platform is ready.",
  RETRY_BACKOFF: () => "Nothing to do yet: StoryRelay tries again by itself.",
  PLATFORM_RATE_LIMIT: () => "Nothing to do: StoryRelay tries again when the platform allows it.",
  QUOTA: () => "Nothing to do: it goes out as soon as the limit frees.",
  CALL_BUDGET: () =>
    "Nothing to do: StoryRelay spreads this channel's calls and it goes out within a minute.",
  CHANNEL_NEEDS_REAUTH: (channel, hasDeadline) =>
    hasDeadline
      ? `Reconnect ${channel}: the story continues at once. If nobody does before its latest start, it expires there.`
      : `Reconnect ${channel}: the story continues at once.`,
};

/**
 * What a PUBLISHING story is doing when none of its open targets is at work: every open one is
 * waiting. Then the story is "waiting", not "publishing", and this names the wait that will end
 * first (one that waits for a person comes last). Null when the story is not PUBLISHING or some
 * target is being worked on.
 */
export function storyWait<T extends WaitingTarget>(
  story: { status: string; freshnessDeadline: Date | null; targets: readonly T[] },
  now: Date,
): (TargetWait & { channel: string }) | null {
  if (story.status !== "PUBLISHING") return null;
  const open = story.targets.filter((t) => !isFinalTargetState(t.state));
  if (open.length === 0) return null;
  const waits = open.map((t) => ({ target: t, wait: targetWait(t, story, now) }));
  if (waits.some((w) => w.wait === null)) return null;
  const first = waits.sort(
    (a, b) =>
      (a.wait?.until?.getTime() ?? Number.POSITIVE_INFINITY) -
      (b.wait?.until?.getTime() ?? Number.POSITIVE_INFINITY),
  )[0];
  return first?.wait ? { ...first.wait, channel: first.target.channel.displayName } : null;
}
