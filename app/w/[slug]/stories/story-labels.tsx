import type { AttemptOutcome, ErrorClass, StoryStatus, TargetState } from "@/lib/db/generated/enums";

// Words and colours for story and channel states, shared by the story page and the brand page's
// story list, so "Published" looks and reads the same everywhere.

export const STORY_STATUS: Record<StoryStatus, { label: string; style: string }> = {
  DRAFT: { label: "Draft", style: "bg-zinc-100 text-zinc-700" },
  IN_REVIEW: { label: "In review", style: "bg-amber-50 text-amber-800" },
  APPROVED: { label: "Approved", style: "bg-sky-50 text-sky-800" },
  SCHEDULED: { label: "Scheduled", style: "bg-sky-50 text-sky-800" },
  PUBLISHING: { label: "Publishing", style: "bg-brand-50 text-brand-700" },
  PUBLISHED: { label: "Published", style: "bg-green-50 text-green-800" },
  PARTIAL: { label: "Partly published", style: "bg-amber-50 text-amber-800" },
  FAILED: { label: "Failed", style: "bg-red-50 text-red-800" },
  CANCELED: { label: "Canceled", style: "bg-zinc-100 text-zinc-600" },
  EXPIRED: { label: "Expired", style: "bg-zinc-100 text-zinc-600" },
};

const TARGET_STATE: Record<TargetState | "NOT_SCHEDULED", { label: string; style: string }> = {
  // A draft's channels (see shownTargetState): nothing is waiting to go out.
  NOT_SCHEDULED: { label: "Not scheduled", style: "bg-zinc-100 text-zinc-700" },
  PENDING: { label: "Waiting", style: "bg-sky-50 text-sky-800" },
  PREPARING: { label: "Preparing", style: "bg-brand-50 text-brand-700" },
  READY: { label: "Ready", style: "bg-brand-50 text-brand-700" },
  PUBLISHING: { label: "Publishing", style: "bg-brand-50 text-brand-700" },
  AWAITING_PERSON: { label: "Waiting for a person", style: "bg-amber-50 text-amber-800" },
  PUBLISHED: { label: "Published", style: "bg-green-50 text-green-800" },
  FAILED: { label: "Failed", style: "bg-red-50 text-red-800" },
  NEEDS_REAUTH: { label: "Needs reconnecting", style: "bg-amber-50 text-amber-800" },
  SKIPPED: { label: "Skipped", style: "bg-zinc-100 text-zinc-600" },
  UNCONFIRMED: { label: "Not confirmed", style: "bg-amber-50 text-amber-800" },
  EXPIRED: { label: "Expired", style: "bg-zinc-100 text-zinc-600" },
};

export const ERROR_CLASS_LABELS: Record<ErrorClass, string> = {
  RETRYABLE: "Temporary problem",
  RATE_LIMITED: "Platform limit reached",
  REAUTH_REQUIRED: "Needs reconnecting",
  INVALID_CONTENT: "Refused by the platform",
};

export const ATTEMPT_OUTCOME_LABELS: Record<AttemptOutcome, string> = {
  IN_PROGRESS: "In progress",
  SUCCEEDED: "Succeeded",
  // Also a pause that is no failure: waiting for the platform to process a video, or for a limit.
  RETRY_SCHEDULED: "Continued later",
  FAILED: "Failed",
  UNCONFIRMED: "Outcome unknown",
};

/** Story statuses during which the page follows the pipeline by refreshing itself. */
export const IN_PROGRESS_STATUSES: readonly StoryStatus[] = ["SCHEDULED", "PUBLISHING"];

const pill = "inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium";

export function StoryStatusBadge({ status }: { status: StoryStatus }) {
  const { label, style } = STORY_STATUS[status];
  return <span className={`${pill} ${style}`}>{label}</span>;
}

/** A PUBLISHING story whose open channels all wait (a reconnect, a platform limit): it says so. */
export function WaitingBadge() {
  return <span className={`${pill} bg-amber-50 text-amber-800`}>Waiting</span>;
}

export function TargetStateBadge({ state }: { state: TargetState | "NOT_SCHEDULED" }) {
  const { label, style } = TARGET_STATE[state];
  return <span className={`${pill} ${style}`}>{label}</span>;
}
