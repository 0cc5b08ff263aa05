import { recordAudit } from "@/lib/audit/record-audit";
import { approvalComplete } from "@/lib/core/approval-policy";
import type { Story } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { enqueueDispatchSafely } from "@/lib/queue/publish-queues";
import { assertCan, canSeeBrand, type WorkspaceContext } from "@/lib/workspaces/context";
import type { ScheduleDeps } from "./schedule-story";

// A minimal stand-in written by the review-links branch against the shared contract
// (briefs: contract-review-decision): the policy branch implements the full version (webhooks,
// notifications, snapshots, TEAM_NOT_AUTHOR), which replaces this file at merge.

export type ReviewDecisionBy =
  | { kind: "member"; ctx: WorkspaceContext }
  | {
      kind: "client";
      workspaceId: string;
      /** The ReviewLink the client decided through (already verified by the caller: signature,
       *  expiry, revocation, and that storyId is one of the link's stories). */
      reviewLinkId: string;
      name: string;
      email: string | null;
      /** Audit context: where the request came from. */
      ip: string | null;
      userAgent: string | null;
    };

export type ReviewDecisionInput = {
  /** The version the reviewer saw (stale => CONFLICT). */
  version: number;
  decision: "APPROVED" | "CHANGES_REQUESTED";
  /** Required (non-empty) for CHANGES_REQUESTED. */
  comment: string | null;
};

export type ReviewDecisionResult = {
  /** After the decision. */
  story: Story;
  /** Approved by everyone the policy needs, but past its freshness deadline: ask for a new time. */
  needsNewTime: boolean;
  /** Who the story still waits for after an approval ("team" or "client"), null when complete. */
  waitingFor: "team" | "client" | null;
};

/** Records one reviewer's decision on the version they saw; schedules the story once the brand's policy is satisfied. */
export async function recordReviewDecision(
  deps: ScheduleDeps,
  by: ReviewDecisionBy,
  storyId: string,
  input: ReviewDecisionInput,
): Promise<ReviewDecisionResult> {
  if (by.kind === "member") assertCan(by.ctx, "stories:approve", "approve stories");
  const workspaceId = by.kind === "member" ? by.ctx.workspaceId : by.workspaceId;
  const comment = input.comment?.trim() || null;
  if (input.decision === "CHANGES_REQUESTED" && !comment) {
    throw new AppError("INVALID_INPUT", "Say what should change, so the author knows what to fix.", {
      fields: { comment: "Say what should change, so the author knows what to fix." },
    });
  }
  const now = deps.now?.() ?? new Date();
  const result = await deps.db.$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<{ id: string; brandId: string }[]>`
      SELECT id, "brandId" FROM "Story" WHERE id = ${storyId} AND "workspaceId" = ${workspaceId} FOR UPDATE`;
    if (!locked || (by.kind === "member" && !canSeeBrand(by.ctx, locked.brandId))) {
      throw new AppError("NOT_FOUND", "This story does not exist or you cannot see it.");
    }
    const story = await tx.story.findUniqueOrThrow({
      where: { id_workspaceId: { id: storyId, workspaceId } },
      include: { brand: { select: { approvalPolicy: true } } },
    });
    if (story.status !== "IN_REVIEW") {
      throw new AppError(
        "CONFLICT",
        `This story is ${story.status.toLowerCase().replace("_", " ")}, not waiting for review.`,
      );
    }
    if (story.version !== input.version) {
      throw new AppError(
        "CONFLICT",
        `This story changed since you opened it: review version ${story.version}.`,
        {
          fields: { version: `Review version ${story.version}.` },
        },
      );
    }
    if (by.kind === "client" && story.brand.approvalPolicy !== "TEAM_AND_CLIENT") {
      throw new AppError("CONFLICT", "The agency approves this brand's stories: leave a comment instead.");
    }
    await tx.approval.create({
      data: {
        workspaceId,
        storyId,
        storyVersion: input.version,
        decision: input.decision,
        note: comment,
        ...(by.kind === "member"
          ? { reviewerId: by.ctx.userId }
          : { reviewLinkId: by.reviewLinkId, reviewerName: by.name, reviewerEmail: by.email }),
      },
    });
    await recordAudit(tx, by.kind === "member" ? by.ctx : { workspaceId, userId: null, apiKeyId: null }, {
      action: input.decision === "APPROVED" ? "story.approve" : "story.request_changes",
      entityType: "Story",
      entityId: storyId,
      data:
        by.kind === "member"
          ? { version: input.version }
          : {
              version: input.version,
              reviewLinkId: by.reviewLinkId,
              name: by.name,
              email: by.email,
              ip: by.ip,
              userAgent: by.userAgent,
            },
    });
    if (input.decision !== "APPROVED") return { story, needsNewTime: false, waitingFor: null };
    const votes = await tx.approval.findMany({
      where: { workspaceId, storyId, storyVersion: input.version },
      select: { reviewerId: true, reviewLinkId: true, decision: true },
    });
    if (!approvalComplete(story.brand.approvalPolicy, story.authorId, votes)) {
      const teamApproved = votes.some((v) => v.decision === "APPROVED" && v.reviewerId !== null);
      return {
        story,
        needsNewTime: false,
        waitingFor: teamApproved ? ("client" as const) : ("team" as const),
      };
    }
    const tooLate = story.freshnessDeadline !== null && story.freshnessDeadline < now;
    const status = story.scheduledAt && !tooLate ? "SCHEDULED" : "APPROVED";
    const updated = await tx.story.update({
      where: { id_workspaceId: { id: storyId, workspaceId } },
      data: { status },
    });
    return { story: updated, needsNewTime: status === "APPROVED", waitingFor: null };
  });
  if (result.story.status === "SCHEDULED") await enqueueDispatchSafely(deps, result.story);
  const { brand: _brand, ...story } = result.story as Story & { brand?: unknown };
  return { ...result, story };
}
