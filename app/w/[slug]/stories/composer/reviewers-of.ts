import type { ApprovalPolicy } from "@/lib/core/approval-policy";

/**
 * Who must approve a story of a brand under its policy, as the composer and the story page say
 * it: the roles that hold "stories:approve" (lib/core/roles.ts) on that brand, and the client
 * when the policy asks for one. `viewer` is who reads it: the composer speaks to the author.
 * Null when the brand needs no approval.
 */
export function reviewersOf(
  brand: { name: string; approvalPolicy: ApprovalPolicy },
  viewer: "author" | "anyone" = "anyone",
): string | null {
  const team = `an approver, an admin or an owner of ${brand.name}`;
  switch (brand.approvalPolicy) {
    case "NONE":
      return null;
    case "TEAM":
      return team;
    case "TEAM_NOT_AUTHOR":
      return `${team} other than ${viewer === "author" ? "you" : "the author"}`;
    case "TEAM_AND_CLIENT":
      return `${team}, then the client through a review link`;
  }
}
