import type { DbOrTx } from "@/lib/db/client";
import { recordWebhookEvent } from "./record-webhook-event";

/**
 * A reviewer's decision as a webhook event, in the decision's transaction: the story as it stands
 * after it, and the version the decision was about (an agency's tooling matches it to its copy).
 */
export async function emitStoryReview(
  tx: DbOrTx,
  story: { id: string; workspaceId: string },
  review: {
    decision: "APPROVED" | "CHANGES_REQUESTED";
    version: number;
    comment: string | null;
    /** A member's decision. */
    reviewerId: string | null;
    /** A client's decision through a review link, and the name they gave. */
    reviewLinkId?: string | null;
    reviewerName?: string | null;
  },
  now: Date,
): Promise<void> {
  const detail = await tx.story.findFirstOrThrow({
    where: { id: story.id, workspaceId: story.workspaceId },
    select: { id: true, brandId: true, title: true, status: true, version: true, scheduledAt: true },
  });
  await recordWebhookEvent(
    tx,
    {
      workspaceId: story.workspaceId,
      type: review.decision === "APPROVED" ? "story.approved" : "story.changes_requested",
      data: {
        story: { ...detail, scheduledAt: detail.scheduledAt?.toISOString() ?? null },
        review: {
          version: review.version,
          comment: review.comment,
          reviewerId: review.reviewerId,
          reviewLinkId: review.reviewLinkId ?? null,
          reviewerName: review.reviewerName ?? null,
        },
      },
    },
    now,
  );
}
