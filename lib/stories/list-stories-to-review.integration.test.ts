import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import type { StoryStatus } from "@/lib/db/generated/enums";
import { makeBrand, makeMediaAsset, makeMember, makeReviewLink, makeWorkspace } from "@/prisma/factories";
import { expectAppError } from "@/test/assert/expect-app-error";
import { jpeg } from "@/test/media/media-fixtures";
import { listStoriesToReview } from "./list-stories-to-review";
import { readStorySnapshot } from "./read-story-snapshot";

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
    await vote(clientDone.id, null, (await makeReviewLink(db(), withClient)).id);
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

  it("pages through a long queue with a cursor, counting all that wait; a brand-limited reviewer pages through theirs", async () => {
    const { workspace, ctx } = await makeWorkspace(db());
    const [bakery, florist] = await Promise.all([
      makeBrand(db(), workspace.id),
      makeBrand(db(), workspace.id),
    ]);
    const at = (n: number) => new Date(Date.UTC(2027, 1, 1, 8) + n * 3_600_000);
    // 7 bakery and 5 florist stories alternate hourly; two share a time (the cursor's id breaks
    // the tie), two are unscheduled (last), and a scheduled one is not waiting.
    const waiting = Array.from({ length: 12 }, (_, n) => ({
      workspaceId: workspace.id,
      brandId: n % 2 === 0 || n === 11 ? bakery.id : florist.id,
      title: `story ${String(n).padStart(2, "0")}`,
      status: "IN_REVIEW" as const,
      scheduledAt: n >= 10 ? null : at(n === 4 ? 3 : n),
    }));
    await db().story.createMany({
      data: [
        ...waiting,
        { workspaceId: workspace.id, brandId: bakery.id, title: "scheduled", status: "SCHEDULED" },
      ],
    });
    const all = await db().story.findMany({
      where: { workspaceId: workspace.id, status: "IN_REVIEW" },
      orderBy: [{ scheduledAt: { sort: "asc", nulls: "last" } }, { id: "asc" }],
      select: { title: true, brandId: true },
    });

    const pages = async (c: typeof ctx, limit: number) => {
      const seen: { titles: string[]; total: number }[] = [];
      let cursor: string | undefined;
      do {
        const page = await listStoriesToReview(db(), c, { limit, cursor });
        seen.push({ titles: page.stories.map((s) => s.title), total: page.total });
        cursor = page.nextCursor ?? undefined;
      } while (cursor && seen.length < 10);
      return seen;
    };
    const everyone = await pages(ctx, 5);
    expect(everyone.map((p) => p.titles)).toEqual([
      all.slice(0, 5).map((s) => s.title),
      all.slice(5, 10).map((s) => s.title),
      all.slice(10).map((s) => s.title),
    ]);
    expect(everyone.map((p) => p.total)).toEqual([12, 12, 12]);
    // The second page starts right after the first's last row, tie and all.
    const first = await listStoriesToReview(db(), ctx, { limit: 4 });
    expect(first.stories.at(-1)?.scheduledAt).toEqual(at(3));
    const second = await listStoriesToReview(db(), ctx, { limit: 4, cursor: first.nextCursor ?? "" });
    expect(second.stories.map((s) => s.title)).toEqual(all.slice(4, 8).map((s) => s.title));
    // A page that fills the queue exactly has no next page.
    expect((await listStoriesToReview(db(), ctx, { limit: 12 })).nextCursor).toBeNull();

    const floristOnly = await makeMember(db(), workspace, "APPROVER", { brandIds: [florist.id] });
    const theirs = await pages(floristOnly, 2);
    const floristTitles = all.filter((s) => s.brandId === florist.id).map((s) => s.title);
    expect(theirs.flatMap((p) => p.titles)).toEqual(floristTitles);
    expect(theirs.map((p) => p.titles.length)).toEqual([2, 2, 1]);
    expect(new Set(theirs.map((p) => p.total))).toEqual(new Set([5]));

    // A cursor from another list, or made up, is refused with what to do.
    await expectAppError(listStoriesToReview(db(), ctx, { cursor: "not-a-cursor" }), "INVALID_INPUT");
  });

  it("shows a page's rows with their brand, author, first frames and what changed since an earlier approval", async () => {
    const { workspace, ctx } = await makeWorkspace(db());
    const brand = await makeBrand(db(), workspace.id, { name: "Bakery" });
    const author = await makeMember(db(), workspace, "EDITOR");
    await db().user.update({ where: { id: author.userId ?? "" }, data: { name: "Ada Author" } });
    const story = await db().story.create({
      data: {
        workspaceId: workspace.id,
        brandId: brand.id,
        authorId: author.userId,
        title: "",
        status: "IN_REVIEW",
        version: 2,
        reviewOverdueAt: new Date(Date.UTC(2027, 0, 1)),
        scheduledAt: new Date(Date.UTC(2027, 0, 1)),
      },
    });
    await db().storyFrame.createMany({
      data: Array.from({ length: 6 }, (_, position) => ({
        workspaceId: workspace.id,
        storyId: story.id,
        position,
        text: `Frame ${position} text`,
        backgroundColor: "#112233",
      })),
    });
    const photo = await makeMediaAsset(db(), workspace.id, {
      kind: "IMAGE",
      bytes: jpeg(),
      mimeType: "image/jpeg",
    });
    await db().storyFrame.update({
      where: { storyId_position: { storyId: story.id, position: 1 } },
      data: { mediaAssetId: photo.id, text: null, backgroundColor: null },
    });
    const snapshot = await readStorySnapshot(db(), workspace.id, story.id);
    await db().approval.create({
      data: {
        workspaceId: workspace.id,
        storyId: story.id,
        storyVersion: 1,
        decision: "APPROVED",
        reviewerId: ctx.userId,
        contentSnapshot: { ...snapshot, title: "First cut" },
      },
    });

    const { stories, total, nextCursor } = await listStoriesToReview(db(), ctx);
    expect({ total, nextCursor }).toEqual({ total: 1, nextCursor: null });
    const [row] = stories;
    expect(row).toMatchObject({
      id: story.id,
      // No title: the first frame names it.
      title: "“Frame 0 text”",
      version: 2,
      brand: { id: brand.id, name: "Bakery" },
      authorName: "Ada Author",
      frameCount: 6,
      reviewOverdueAt: new Date(Date.UTC(2027, 0, 1)),
      changedSince: { approvedVersion: 1, approvedBy: "you", count: 1 },
    });
    expect(row?.frames.map((f) => [f.label, f.thumbnailKey, f.backgroundColor])).toEqual([
      ["“Frame 0 text”", null, "#112233"],
      // A ready image without a thumbnail rendition is shown itself (lib/media/thumbnail-key.ts).
      [photo.originalName, photo.storageKey, null],
      ["“Frame 2 text”", null, "#112233"],
      ["“Frame 3 text”", null, "#112233"],
    ]);
  });
});
