import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import type { StoryStatus } from "@/lib/db/generated/enums";
import { makeBrand, makeMember, makeWorkspace } from "@/prisma/factories";
import { expectAppError } from "@/test/assert/expect-app-error";
import { listStoriesToReview } from "./list-stories-to-review";

// The review queue: what waits for a decision, across the brands the reviewer sees, soonest first;
// a story sent back on its current version waits for its author instead.

describe("the review queue", () => {
  it("lists stories waiting for a decision on brands the reviewer sees, soonest first", async () => {
    const { workspace, ctx } = await makeWorkspace(db());
    const [bakery, florist] = await Promise.all([
      makeBrand(db(), workspace.id),
      makeBrand(db(), workspace.id),
    ]);
    const story = (brandId: string, title: string, status: StoryStatus, hour: number, version = 1) =>
      db().story.create({
        data: {
          workspaceId: workspace.id,
          brandId,
          title,
          status,
          version,
          scheduledAt: new Date(Date.UTC(2027, 0, 10, hour)),
        },
      });
    await story(bakery.id, "later", "IN_REVIEW", 12);
    await story(florist.id, "sooner", "IN_REVIEW", 9);
    await story(bakery.id, "scheduled", "SCHEDULED", 8);
    const sentBack = await story(bakery.id, "sent back", "IN_REVIEW", 7, 3);
    const edited = await story(bakery.id, "edited since", "IN_REVIEW", 10, 2);
    for (const [s, version] of [
      [sentBack, 3],
      [edited, 1],
    ] as const) {
      await db().approval.create({
        data: {
          workspaceId: workspace.id,
          storyId: s.id,
          storyVersion: version,
          decision: "CHANGES_REQUESTED",
          note: "x",
        },
      });
    }
    const elsewhere = await makeWorkspace(db());
    const theirs = await makeBrand(db(), elsewhere.workspace.id);
    await db().story.create({
      data: { workspaceId: elsewhere.workspace.id, brandId: theirs.id, title: "theirs", status: "IN_REVIEW" },
    });

    const titles = async (c: typeof ctx) => (await listStoriesToReview(db(), c)).stories.map((s) => s.title);
    expect(await titles(ctx)).toEqual(["sooner", "edited since", "later"]);
    const client = await makeMember(db(), workspace, "APPROVER", { brandIds: [florist.id] });
    expect(await titles(client)).toEqual(["sooner"]);
    await expectAppError(listStoriesToReview(db(), await makeMember(db(), workspace, "EDITOR")), "FORBIDDEN");
  });

  it("leaves out what waits for someone else: the client, another approver than the author, or an approval already given", async () => {
    const { workspace, ctx: owner } = await makeWorkspace(db());
    const withClient = await makeBrand(db(), workspace.id, { approvalPolicy: "TEAM_AND_CLIENT" });
    const notAuthor = await makeBrand(db(), workspace.id, { approvalPolicy: "TEAM_NOT_AUTHOR" });
    const approver = await makeMember(db(), workspace, "APPROVER");
    const other = await makeMember(db(), workspace, "APPROVER");
    const story = (brandId: string, title: string, authorId: string | null) =>
      db().story.create({
        data: { workspaceId: workspace.id, brandId, title, status: "IN_REVIEW", authorId },
      });
    const vote = (storyId: string, reviewerId: string | null, reviewLinkId: string | null = null) =>
      db().approval.create({
        data: {
          workspaceId: workspace.id,
          storyId,
          storyVersion: 1,
          decision: "APPROVED",
          reviewerId,
          reviewLinkId,
        },
      });
    const teamDone = await story(withClient.id, "team done", owner.userId);
    await vote(teamDone.id, other.userId);
    const clientDone = await story(withClient.id, "client done", owner.userId);
    await vote(clientDone.id, null, "link-1");
    await story(notAuthor.id, "approver's own", approver.userId);
    const authorVoted = await story(notAuthor.id, "author approved own", owner.userId);
    await vote(authorVoted.id, owner.userId);

    const titles = async (c: typeof owner) =>
      (await listStoriesToReview(db(), c)).stories.map((s) => s.title).sort();
    // The approver: not their own story under "not the author", not one whose team part is done.
    expect(await titles(approver)).toEqual(["author approved own", "client done"]);
    // The owner wrote "author approved own": their own vote does not count, and they may not decide it.
    expect(await titles(owner)).toEqual(["approver's own", "client done"]);
  });
});
