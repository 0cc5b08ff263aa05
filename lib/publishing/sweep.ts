import { FINAL_TARGET_STATES } from "@/lib/core/story-status";
import type { TargetState } from "@/lib/db/generated/enums";
import {
  enqueuePublish,
  freeAbandonedPublishJobs,
  requeueDispatchesSafely,
} from "@/lib/queue/publish-queues";
import { SWEEP_LOOKAHEAD_MS } from "@/lib/queue/timing";
import type { PipelineDeps } from "./deps";
import { expireStory } from "./expire-story";
import { markReviewsOverdue } from "./mark-reviews-overdue";
import { rollUpStory } from "./roll-up-story";

export type SweepReport = {
  dispatched: number;
  republished: number;
  expired: number;
  rolledUp: number;
  reviewsOverdue: number;
};

const BATCH = 500;

// Stories of a brand or workspace waiting for deletion are held (decision 035): not dispatched,
// not expired, not retried, until an undo puts them back in the sweep's view.
const notHeld = { brand: { deletionScheduledAt: null }, workspace: { deletionScheduledAt: null } } as const;

/**
 * Repairs whatever Redis lost or a crash left behind, from the database alone:
 * 1. due or soon-due SCHEDULED stories get their dispatch job (again);
 * 2. open targets of PUBLISHING stories whose lease is free or expired get their publish job
 *    (again), delayed until their next attempt if they are backing off; an expired lease means
 *    its holder died or stalled, so its job, which Redis may still list as running, is freed
 *    first: the target is taken over within one sweep of its lease running out, without waiting
 *    for BullMQ's stalled-job check;
 * 3. stories past their freshness deadline expire their targets that never started;
 * 4. PUBLISHING stories whose targets have all ended get their final status (a worker rolls a
 *    story up right after its last target ends, but may crash in between).
 * 5. IN_REVIEW stories whose time has come are marked overdue, and their reviewers and author
 *    told, once each (markReviewsOverdue); they are not published.
 * Every add uses the job's stable id, so a job that still exists is left alone.
 */
export async function sweep(deps: PipelineDeps): Promise<SweepReport> {
  const now = deps.now();
  const report: SweepReport = { dispatched: 0, republished: 0, expired: 0, rolledUp: 0, reviewsOverdue: 0 };

  const overdue = await deps.db.story.findMany({
    where: {
      ...notHeld,
      status: { in: ["SCHEDULED", "PUBLISHING"] },
      freshnessDeadline: { lt: now },
      targets: {
        some: { state: { in: ["PENDING", "PREPARING", "READY", "NEEDS_REAUTH", "AWAITING_PERSON"] } },
      },
    },
    select: { id: true, workspaceId: true },
    take: BATCH,
  });
  for (const story of overdue) await expireStory(deps, story, now);
  report.expired = overdue.length;

  const due = await deps.db.story.findMany({
    where: {
      ...notHeld,
      status: "SCHEDULED",
      scheduledAt: { lte: new Date(now.getTime() + SWEEP_LOOKAHEAD_MS) },
    },
    select: { id: true, workspaceId: true, version: true, scheduledAt: true },
    orderBy: { scheduledAt: "asc" },
    take: BATCH,
  });
  await requeueDispatchesSafely(deps, due);
  report.dispatched = due.length;

  const stranded = await deps.db.storyTarget.findMany({
    where: {
      state: { in: ["PENDING", "PREPARING", "READY", "PUBLISHING"] },
      story: { is: { status: "PUBLISHING", ...notHeld } },
      OR: [{ leaseExpiresAt: null }, { leaseExpiresAt: { lt: now } }],
    },
    select: {
      id: true,
      workspaceId: true,
      nextAttemptAt: true,
      leaseExpiresAt: true,
      story: { select: { version: true } },
    },
    take: BATCH * 4,
  });
  const toJob = (t: (typeof stranded)[number]) => ({
    targetId: t.id,
    workspaceId: t.workspaceId,
    storyVersion: t.story.version,
  });
  // Only a crash or a stall leaves a lease behind (every run clears its own when it ends), so
  // these are few.
  await freeAbandonedPublishJobs(deps.queues, stranded.filter((t) => t.leaseExpiresAt !== null).map(toJob));
  // Group by delay so each group is one addBulk round trip.
  const byDelay = new Map<number, typeof stranded>();
  for (const target of stranded) {
    const delay = Math.max(0, (target.nextAttemptAt?.getTime() ?? 0) - now.getTime());
    byDelay.set(delay, [...(byDelay.get(delay) ?? []), target]);
  }
  for (const [delay, targets] of byDelay) {
    await enqueuePublish(deps.queues, targets.map(toJob), delay);
  }
  report.republished = stranded.length;

  const ended = await deps.db.story.findMany({
    where: {
      status: "PUBLISHING",
      targets: { none: { state: { notIn: [...FINAL_TARGET_STATES] as TargetState[] } } },
    },
    select: { id: true, workspaceId: true },
    take: BATCH,
  });
  for (const story of ended) {
    const status = await deps.db.$transaction((tx) => rollUpStory(tx, story, now));
    if (status !== "PUBLISHING") report.rolledUp += 1;
  }
  report.reviewsOverdue = await markReviewsOverdue(deps, now);
  return report;
}
