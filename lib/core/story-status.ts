/**
 * The story and target state machines of architecture.md ("Story lifecycle"), as data, so the
 * pipeline, the sweep and the pages agree on what is final.
 */

export const TARGET_STATES = [
  "PENDING",
  "PREPARING",
  "READY",
  "PUBLISHING",
  "AWAITING_PERSON",
  "PUBLISHED",
  "FAILED",
  "NEEDS_REAUTH",
  "SKIPPED",
  "UNCONFIRMED",
  "EXPIRED",
] as const;
export type TargetState = (typeof TARGET_STATES)[number];

/** States a target never leaves by itself. UNCONFIRMED waits for a person, never for a retry. */
export const FINAL_TARGET_STATES: readonly TargetState[] = [
  "PUBLISHED",
  "FAILED",
  "SKIPPED",
  "UNCONFIRMED",
  "EXPIRED",
];

/** States in which a worker may (re)claim a target. */
export const CLAIMABLE_TARGET_STATES: readonly TargetState[] = [
  "PENDING",
  "PREPARING",
  "READY",
  "PUBLISHING",
];

export function isFinalTargetState(state: TargetState): boolean {
  return FINAL_TARGET_STATES.includes(state);
}

export type RolledUpStatus = "PUBLISHING" | "PUBLISHED" | "PARTIAL" | "FAILED" | "EXPIRED";

/**
 * A story's status from its targets' states: still PUBLISHING while any target can move (a
 * target held for re-authorisation included), PUBLISHED when every target went out (skipped ones
 * aside), EXPIRED when all missed their deadline, PARTIAL when some went out and others did not,
 * FAILED when none did.
 */
export function rollUpStoryStatus(states: readonly TargetState[]): RolledUpStatus {
  if (states.length === 0) return "PUBLISHED";
  if (states.some((state) => !isFinalTargetState(state))) return "PUBLISHING";
  const counted = states.filter((state) => state !== "SKIPPED");
  if (counted.every((state) => state === "PUBLISHED")) return "PUBLISHED";
  if (counted.every((state) => state === "EXPIRED")) return "EXPIRED";
  return counted.some((state) => state === "PUBLISHED") ? "PARTIAL" : "FAILED";
}
