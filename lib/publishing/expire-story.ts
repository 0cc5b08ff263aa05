import type { DbOrTx } from "@/lib/db/client";
import { notify } from "@/lib/notifications/notify";
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
    const expired = await tx.storyTarget.updateMany({
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
    if (expired.count > 0) await tellTeamAboutExpiry(tx, story, expired.count);
  });
}

/**
 * The story's author hears about it (or, through notify(), the owners and admins who can see the
 * brand when it has none); in the pipeline's own words when it expires a channel early because a
 * wait cannot end in time.
 */
export async function tellTeamAboutExpiry(
  tx: DbOrTx,
  story: { id: string; workspaceId: string },
  channels: number,
  words?: { title: string; body: string },
) {
  const full = await tx.story.findUniqueOrThrow({
    where: { id: story.id },
    select: { title: true, authorId: true, brandId: true },
  });
  await notify(tx, {
    kind: "story.expired",
    workspaceId: story.workspaceId,
    brandId: full.brandId,
    userIds: [full.authorId],
    title: words?.title ?? `Not published: ${full.title || "a story"} missed its latest start time`,
    body:
      words?.body ??
      `${channels} channel${channels === 1 ? "" : "s"} did not get it in time, and a stale story is never published late. Reschedule it if it is still current.`,
    path: `/stories/${story.id}`,
  });
}
