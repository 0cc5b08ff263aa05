import type { TargetState } from "@/lib/db/generated/enums";
import { enqueuePublish } from "@/lib/queue/publish-queues";
import type { DispatchJob } from "@/lib/queue/queues";
import type { PipelineDeps } from "./deps";
import { expireStory } from "./expire-story";

const OPEN_TARGET_STATES: TargetState[] = ["PENDING", "PREPARING", "READY", "PUBLISHING"];

/**
 * The story is (nearly) due: move it from SCHEDULED to PUBLISHING at the job's version and add
 * one publish job per open target. Running it again for a story already PUBLISHING at that
 * version re-adds the jobs (a no-op for jobs still queued), so a crash between the status change
 * and the fan-out loses nothing.
 */
export async function dispatchStory(
  deps: PipelineDeps,
  job: DispatchJob,
): Promise<"dispatched" | "stale" | "expired"> {
  const now = deps.now();
  await deps.db.story.updateMany({
    where: { id: job.storyId, workspaceId: job.workspaceId, version: job.version, status: "SCHEDULED" },
    data: { status: "PUBLISHING" },
  });
  const story = await deps.db.story.findFirst({
    where: { id: job.storyId, workspaceId: job.workspaceId, version: job.version, status: "PUBLISHING" },
    select: { id: true, workspaceId: true, version: true, freshnessDeadline: true },
  });
  if (!story) return "stale";
  if (story.freshnessDeadline && story.freshnessDeadline < now) {
    await expireStory(deps, story, now);
    return "expired";
  }
  const targets = await deps.db.storyTarget.findMany({
    where: { storyId: story.id, workspaceId: story.workspaceId, state: { in: OPEN_TARGET_STATES } },
    select: { id: true },
  });
  await enqueuePublish(
    deps.queues,
    targets.map((t) => ({ targetId: t.id, workspaceId: story.workspaceId, storyVersion: story.version })),
  );
  return "dispatched";
}
