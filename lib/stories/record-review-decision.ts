import { z } from "zod";
import { recordAudit } from "@/lib/audit/record-audit";
import {
  type ApprovalVote,
  approvalComplete,
  teamVoteCounts,
  voteOf,
  waitingForOf,
} from "@/lib/core/approval-policy";
import { Prisma, type Story } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { notify } from "@/lib/notifications/notify";
import { enqueueDispatchSafely } from "@/lib/queue/publish-queues";
import { parseInput } from "@/lib/validation";
import { emitStoryReview } from "@/lib/webhooks/emit-story-review";
import { assertCan, canSeeBrand, type WorkspaceContext } from "@/lib/workspaces/context";
import { lockStoryForReview } from "./lock-story-for-review";
import { readStorySnapshot } from "./read-story-snapshot";
import type { ScheduleDeps } from "./schedule-story";

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

const VERSION_MESSAGE = "Reload the story: the form did not say which version you reviewed.";

export const reviewDecisionSchema = z
  .strictObject({
    version: z.coerce.number().int().positive(VERSION_MESSAGE),
    decision: z.enum(["APPROVED", "CHANGES_REQUESTED"], {
      message: "Choose to approve or to request changes.",
    }),
    comment: z.string().trim().max(2000, "Keep the comment under 2,000 characters.").nullable(),
  })
  .superRefine((input, ctx) => {
    if (input.decision === "CHANGES_REQUESTED" && !input.comment) {
      ctx.addIssue({
        code: "custom",
        path: ["comment"],
        message: "Say what should change, so the author knows what to fix.",
      });
    }
  });

export type ReviewDecisionInput = {
  /** The version the reviewer saw (stale => CONFLICT). */
  version: number;
  decision: "APPROVED" | "CHANGES_REQUESTED";
  /** Required (non-empty) for CHANGES_REQUESTED. */
  comment: string | null;
};

export type ReviewDecisionResult = {
  /** The story after the decision. */
  story: Story;
  /** Approved by everyone the policy needs, but past its freshness deadline: ask for a new time. */
  needsNewTime: boolean;
  /** Who the story still waits for after an approval ("team" or "client"), null when complete. */
  waitingFor: "team" | "client" | null;
};

const clientSchema = z.object({
  workspaceId: z.string().min(1),
  reviewLinkId: z.string().min(1),
  name: z
    .string()
    .trim()
    .min(1, "Enter your name, so the team knows who decided.")
    .max(100, "Use at most 100 characters."),
  email: z.email("Enter an e-mail address like name@example.com, or leave it empty.").max(254).nullable(),
  ip: z.string().max(100).nullable(),
  userAgent: z.string().max(500).nullable(),
});

/**
 * A review decision on the version of a story the reviewer saw, by a member or by a client through
 * a review link (the one place both go through, so the rules cannot drift apart). The Approval row,
 * its audit entry, its webhook and the author's notice are written in one transaction. When the
 * votes of this version satisfy the brand's policy (lib/core/approval-policy.ts) the story is
 * scheduled and its dispatch job added after the commit; one past its freshness deadline stays
 * APPROVED with `needsNewTime`. Otherwise, and after a request for changes, it stays IN_REVIEW and
 * unqueued, so it cannot go out.
 */
export async function recordReviewDecision(
  deps: ScheduleDeps,
  by: ReviewDecisionBy,
  storyId: string,
  input: ReviewDecisionInput,
): Promise<ReviewDecisionResult> {
  if (by.kind === "member") {
    const doing = input.decision === "APPROVED" ? "approve stories" : "request changes to stories";
    assertCan(by.ctx, "stories:approve", doing);
  }
  const { version, decision, comment } = parseInput(reviewDecisionSchema, input);
  const approving = decision === "APPROVED";
  const client = by.kind === "client" ? parseInput(clientSchema, by) : null;
  const workspaceId = by.kind === "member" ? by.ctx.workspaceId : by.workspaceId;
  const reviewerId = by.kind === "member" ? by.ctx.userId : null;
  const now = deps.now?.() ?? new Date();

  const result = await deps.db.$transaction(async (tx) => {
    const current = await lockStoryForReview(
      tx,
      { workspaceId, canSee: (brandId) => by.kind === "client" || canSeeBrand(by.ctx, brandId) },
      storyId,
      version,
    );
    const brand = await tx.brand.findFirstOrThrow({
      where: { id: current.brandId, workspaceId },
      select: { name: true, approvalPolicy: true },
    });
    const policy = brand.approvalPolicy;
    if (client && policy !== "TEAM_AND_CLIENT") {
      throw new AppError(
        "CONFLICT",
        `${brand.name} no longer asks for the client's approval: this story is decided by the team. Ask them if something should change.`,
      );
    }
    if (reviewerId !== null && approving && !teamVoteCounts(policy, current.authorId, reviewerId)) {
      throw new AppError(
        "FORBIDDEN",
        `You wrote this story, and ${brand.name} needs its approval from someone else: ask another approver, admin or owner.`,
      );
    }
    const earlier = (
      await tx.approval.findMany({
        where: { workspaceId, storyId, storyVersion: version },
        select: { reviewerId: true, reviewLinkId: true, decision: true },
      })
    ).map(voteOf);
    if (
      reviewerId !== null &&
      approving &&
      earlier.some((v) => v.reviewerId === reviewerId && v.decision === "APPROVED")
    ) {
      throw new AppError(
        "CONFLICT",
        // The team's part is done (or this would not be a second approval), so it waits for the client.
        `You already approved version ${version}: it waits for the client's approval through a review link.`,
      );
    }

    await tx.approval.create({
      data: {
        workspaceId,
        storyId,
        storyVersion: version,
        reviewerId,
        reviewLinkId: client?.reviewLinkId ?? null,
        reviewerName: client?.name ?? null,
        reviewerEmail: client?.email ?? null,
        decision,
        note: comment || null,
        // What was approved, so an edit can show this reviewer what changed since.
        contentSnapshot: approving ? await readStorySnapshot(tx, workspaceId, storyId) : Prisma.DbNull,
      },
    });
    const votes: ApprovalVote[] = [
      ...earlier,
      voteOf({ reviewerId, reviewLinkId: client?.reviewLinkId ?? null, decision }),
    ];
    const complete = approving && approvalComplete(policy, current.authorId, votes);
    const tooLate = current.freshnessDeadline !== null && current.freshnessDeadline < now;
    const status = !complete ? "IN_REVIEW" : current.scheduledAt && !tooLate ? "SCHEDULED" : "APPROVED";
    // The version stays: the approval is of this version, and no dispatch job exists to retire.
    // A story that goes out is no longer overdue; one that needs a new time keeps the mark until
    // it is rescheduled.
    const story = await tx.story.update({
      where: { id_workspaceId: { id: storyId, workspaceId } },
      data: { status, ...(status === "SCHEDULED" ? { reviewOverdueAt: null } : {}) },
    });

    const actor = {
      workspaceId,
      userId: reviewerId,
      apiKeyId: by.kind === "member" ? by.ctx.apiKeyId : null,
      reviewLinkId: client?.reviewLinkId ?? null,
      origin: client
        ? { ip: client.ip, userAgent: client.userAgent }
        : by.kind === "member"
          ? by.ctx.origin
          : null,
    };
    await recordAudit(tx, actor, {
      action: approving ? "story.approve" : "story.request_changes",
      entityType: "Story",
      entityId: storyId,
      data: {
        version,
        status,
        ...(client
          ? {
              reviewLinkId: client.reviewLinkId,
              name: client.name,
              email: client.email,
              ip: client.ip,
              userAgent: client.userAgent,
            }
          : {}),
      },
    });
    await emitStoryReview(
      tx,
      story,
      {
        decision,
        version,
        comment: comment || null,
        reviewerId,
        reviewLinkId: client?.reviewLinkId ?? null,
        reviewerName: client?.name ?? null,
      },
      now,
    );
    const who = client ? `${client.name} (client)` : "A reviewer";
    const title = story.title || "Untitled story";
    await notify(tx, {
      kind: approving ? "story.approved" : "story.changes_requested",
      workspaceId,
      brandId: current.brandId,
      userIds: [current.authorId],
      actorUserId: reviewerId,
      title: approving ? `Approved: ${title}` : `Changes requested: ${title}`,
      body: approving
        ? `${who} approved version ${version}${status === "IN_REVIEW" ? `; it still waits for the ${waitingForOf(policy, current.authorId, votes)}` : ""}.`
        : `${who} asked for changes to version ${version}: ${comment}`,
      path: `/stories/${storyId}`,
    });
    return {
      story,
      needsNewTime: status === "APPROVED",
      waitingFor: waitingForOf(policy, current.authorId, votes),
    };
  });
  if (result.story.status === "SCHEDULED") await enqueueDispatchSafely(deps, result.story);
  return result;
}
