import type { StoryStatus, TargetState } from "@/lib/db/generated/enums";

/** Target states in which its frames' own states are the news: the work is under way. */
const UNDER_WAY: readonly TargetState[] = ["PENDING", "PREPARING", "READY", "PUBLISHING"];

/**
 * What a channel's frame reads. A frame's row keeps the step it reached ("Preparing": its
 * container was made) when its target ends without it (failed, expired, skipped, needs
 * reconnecting): the frame then reads as its target does, so a failed channel never shows a
 * frame still "Preparing". A published frame stays published whatever came after.
 */
export function shownFrameState(frame: TargetState, target: TargetState): TargetState {
  if (frame === "PUBLISHED" || UNDER_WAY.includes(target)) return frame;
  return target;
}

/** Story statuses with no schedule: a channel of theirs waits for nothing yet. */
export const UNSCHEDULED_STATUSES: readonly StoryStatus[] = ["DRAFT", "IN_REVIEW"];

/**
 * "NOT_SCHEDULED" for a channel of a story that is not scheduled (a draft, a story in review):
 * its target is PENDING from creation, and "Waiting" would promise a publication nobody asked for.
 */
export function shownTargetState(target: TargetState, story: StoryStatus): TargetState | "NOT_SCHEDULED" {
  return target === "PENDING" && UNSCHEDULED_STATUSES.includes(story) ? "NOT_SCHEDULED" : target;
}
