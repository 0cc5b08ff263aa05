import type { PipelineDeps } from "./deps";
import { rollUpStory } from "./roll-up-story";

/**
 * Past its freshness deadline a story is not published late: every target that has not started
 * publishing (no intent recorded) becomes EXPIRED. Targets already mid-publish finish through
 * their own jobs, which reconcile rather than expire.
 */
export async function expireStory(
  deps: Pick<PipelineDeps, "db">,
  story: { id: string; workspaceId: string },
  now: Date,
): Promise<void> {
  await deps.db.$transaction(async (tx) => {
    await tx.storyTarget.updateMany({
      where: {
        storyId: story.id,
        workspaceId: story.workspaceId,
        state: { in: ["PENDING", "PREPARING", "READY", "NEEDS_REAUTH", "AWAITING_PERSON"] },
        frames: { none: { publishIntentAt: { not: null } } },
        OR: [{ leaseExpiresAt: null }, { leaseExpiresAt: { lt: now } }],
      },
      data: {
        state: "EXPIRED",
        leaseToken: null,
        leaseExpiresAt: null,
        lastErrorMessage: "The story missed its latest start time and was not published late.",
      },
    });
    await tx.story.updateMany({
      where: { id: story.id, workspaceId: story.workspaceId, status: "SCHEDULED" },
      data: { status: "PUBLISHING" },
    });
    await rollUpStory(tx, story, now);
  });
}
