import { describe, expect, it } from "vitest";
import { type ApprovalVote, approvalComplete, waitingForOf } from "./approval-policy";

const team = (reviewerId: string): ApprovalVote => ({
  reviewerId,
  reviewLinkId: null,
  decision: "APPROVED",
});
const client: ApprovalVote = { reviewerId: null, reviewLinkId: "link", decision: "APPROVED" };

describe("approvalComplete", () => {
  it("needs nothing when the policy is none", () => {
    expect(approvalComplete("NONE", "author", [])).toBe(true);
  });

  it("needs one team approval, the author's counting unless the policy excludes it", () => {
    expect(approvalComplete("TEAM", "author", [])).toBe(false);
    expect(approvalComplete("TEAM", "author", [team("author")])).toBe(true);
    expect(approvalComplete("TEAM_NOT_AUTHOR", "author", [team("author")])).toBe(false);
    expect(approvalComplete("TEAM_NOT_AUTHOR", "author", [team("other")])).toBe(true);
  });

  it("does not count a client's approval as the team's, nor a request for changes as approval", () => {
    expect(approvalComplete("TEAM", "author", [client])).toBe(false);
    expect(approvalComplete("TEAM", "author", [{ ...team("other"), decision: "CHANGES_REQUESTED" }])).toBe(
      false,
    );
  });

  it("needs both the team and the client under team + client", () => {
    expect(approvalComplete("TEAM_AND_CLIENT", "author", [team("other")])).toBe(false);
    expect(approvalComplete("TEAM_AND_CLIENT", "author", [client])).toBe(false);
    expect(approvalComplete("TEAM_AND_CLIENT", "author", [team("other"), client])).toBe(true);
  });
});

describe("waitingForOf", () => {
  it("names the team first, then the client, and nobody once complete", () => {
    expect(waitingForOf("TEAM_AND_CLIENT", "author", [])).toBe("team");
    expect(waitingForOf("TEAM_AND_CLIENT", "author", [client])).toBe("team");
    expect(waitingForOf("TEAM_AND_CLIENT", "author", [team("other")])).toBe("client");
    expect(waitingForOf("TEAM_AND_CLIENT", "author", [team("other"), client])).toBeNull();
    expect(waitingForOf("TEAM_NOT_AUTHOR", "author", [team("author")])).toBe("team");
    expect(waitingForOf("NONE", "author", [])).toBeNull();
  });
});
