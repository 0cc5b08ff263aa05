import { type ApprovalPolicy, needsApproval } from "@/lib/core/approval-policy";
import type { resolveScheduleTime } from "./resolve-schedule-time";

type ScheduleTime = ReturnType<typeof resolveScheduleTime>;

/**
 * The status a story gets when it is scheduled or edited: a brand that requires approval sends
 * it (back) to review, even when earlier content had been approved.
 */
export function scheduledStatusFor(brand: { approvalPolicy: ApprovalPolicy }): "IN_REVIEW" | "SCHEDULED" {
  return needsApproval(brand.approvalPolicy) ? "IN_REVIEW" : "SCHEDULED";
}

/**
 * The columns scheduling and editing both write, so a new one (or a change to how the freshness
 * deadline is derived from the time) cannot reach one path and not the other.
 */
export function scheduledStoryData(
  fields: { title: string; whatsappText?: string | null },
  time: ScheduleTime,
  status: "IN_REVIEW" | "SCHEDULED",
  freshnessMs: number,
) {
  return {
    title: fields.title,
    whatsappText: fields.whatsappText || null,
    status,
    scheduledAt: time.scheduledAt,
    scheduledLocal: time.scheduledLocal,
    timeZone: time.timeZone,
    freshnessDeadline: new Date(time.scheduledAt.getTime() + freshnessMs),
    // Scheduling and editing set a time from now on, so a story is not overdue against it.
    reviewOverdueAt: null,
  };
}
