/**
 * Who must approve a brand's stories, as pure data and rules: the composer (what it says will
 * happen), the review pages and the approve paths (team and client) read the same answer.
 */
export const APPROVAL_POLICIES = ["NONE", "TEAM", "TEAM_NOT_AUTHOR", "TEAM_AND_CLIENT"] as const;
export type ApprovalPolicy = (typeof APPROVAL_POLICIES)[number];

export const APPROVAL_POLICY_LABELS: Record<ApprovalPolicy, string> = {
  NONE: "No approval: stories are scheduled as they are saved",
  TEAM: "Team approval: an approver, admin or owner",
  TEAM_NOT_AUTHOR: "Team approval by someone other than the author",
  TEAM_AND_CLIENT: "Team approval and the client's, through a review link",
};

/** The policy in a few words, beside a brand's name and zone. */
export const APPROVAL_POLICY_SHORT_LABELS: Record<ApprovalPolicy, string> = {
  NONE: "no approval",
  TEAM: "team approval",
  TEAM_NOT_AUTHOR: "team approval, not by the author",
  TEAM_AND_CLIENT: "team and client approval",
};

export function needsApproval(policy: ApprovalPolicy): boolean {
  return policy !== "NONE";
}

/** One decision on the version under review: a member's (`reviewerId`) or a client's (`reviewLinkId`). */
export type ApprovalVote = {
  reviewerId: string | null;
  reviewLinkId: string | null;
  decision: "APPROVED" | "CHANGES_REQUESTED";
};

/** The reviewer an API key's decision counts as: a key with the approve permission acts for the team. */
export const API_KEY_REVIEWER = "api-key";

/**
 * A stored decision as a vote: a member's (reviewerId), a client's (reviewLinkId), or, with
 * neither, an API key's, which counts as the team's (the audit trail names the key).
 */
export function voteOf(row: {
  reviewerId: string | null;
  reviewLinkId: string | null;
  decision: ApprovalVote["decision"];
}): ApprovalVote {
  const byApiKey = row.reviewerId === null && row.reviewLinkId === null;
  return {
    reviewerId: byApiKey ? API_KEY_REVIEWER : row.reviewerId,
    reviewLinkId: row.reviewLinkId,
    decision: row.decision,
  };
}

/** Whether a member's approval counts under the policy: the author's own does not when the policy says so. */
export function teamVoteCounts(policy: ApprovalPolicy, authorId: string | null, reviewerId: string): boolean {
  return !(policy === "TEAM_NOT_AUTHOR" && authorId !== null && authorId === reviewerId);
}

/**
 * Whether the approvals of one version are enough for it to go out. Pass only the votes of the
 * version under review: an approval of an earlier version never counts.
 */
export function approvalComplete(
  policy: ApprovalPolicy,
  authorId: string | null,
  votesOfVersion: readonly ApprovalVote[],
): boolean {
  if (policy === "NONE") return true;
  const approved = votesOfVersion.filter((v) => v.decision === "APPROVED");
  const team = approved.some((v) => v.reviewerId !== null && teamVoteCounts(policy, authorId, v.reviewerId));
  if (policy !== "TEAM_AND_CLIENT") return team;
  return team && approved.some((v) => v.reviewLinkId !== null);
}

/**
 * Who a version still waits for under the policy: the team while no counting team approval
 * exists, then the client when the policy asks for one; null when its votes are enough.
 */
export function waitingForOf(
  policy: ApprovalPolicy,
  authorId: string | null,
  votesOfVersion: readonly ApprovalVote[],
): "team" | "client" | null {
  if (approvalComplete(policy, authorId, votesOfVersion)) return null;
  const teamDone = votesOfVersion.some(
    (v) =>
      v.decision === "APPROVED" && v.reviewerId !== null && teamVoteCounts(policy, authorId, v.reviewerId),
  );
  return teamDone ? "client" : "team";
}
