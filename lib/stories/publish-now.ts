import { recordAudit } from "@/lib/audit/record-audit";
import { needsApproval } from "@/lib/core/approval-policy";
import { enqueueDispatchSafely } from "@/lib/queue/publish-queues";
import { DEFAULT_FRESHNESS_MS } from "@/lib/queue/timing";
import { assertCan, canSeeBrand, type WorkspaceContext } from "@/lib/workspaces/context";
import type { ScheduleDeps } from "./schedule-story";
import { assertChecksPass, contentOfStory, lockEditableStory, resolveContent } from "./story-content";

/**
 * Moves a story that has not started (a draft, or one scheduled for later) to now, after the same
 * checks as scheduling. A brand that requires approval keeps an unapproved story IN_REVIEW, now
 * due: it goes out as soon as someone approves it within its freshness window.
 */
export async function publishNow(deps: ScheduleDeps, ctx: WorkspaceContext, storyId: string) {
  assertCan(ctx, "stories:edit", "publish stories");
  const now = deps.now?.() ?? new Date();
  const story = await deps.db.$transaction(async (tx) => {
    const current = await lockEditableStory(tx, ctx, storyId, (brandId) => canSeeBrand(ctx, brandId));
    const brand = await tx.brand.findFirstOrThrow({
      where: { id: current.brandId, workspaceId: ctx.workspaceId },
    });
    const content = await contentOfStory(tx, ctx, storyId);
    assertChecksPass(await resolveContent(tx, ctx, brand, content, { requireReady: true }));
    const status =
      current.status === "APPROVED" || !needsApproval(brand.approvalPolicy) ? "SCHEDULED" : "IN_REVIEW";
    const updated = await tx.story.update({
      where: { id_workspaceId: { id: storyId, workspaceId: ctx.workspaceId } },
      data: {
        version: { increment: 1 },
        status,
        scheduledAt: now,
        scheduledLocal: null,
        timeZone: brand.timeZone,
        freshnessDeadline: new Date(now.getTime() + DEFAULT_FRESHNESS_MS),
      },
    });
    await recordAudit(tx, ctx, {
      action: "story.publish_now",
      entityType: "Story",
      entityId: storyId,
      data: { from: current.status, status },
    });
    return updated;
  });
  if (story.status === "SCHEDULED") await enqueueDispatchSafely(deps, story);
  return story;
}
