import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApprovalPolicy } from "@/lib/core/approval-policy";
import { parseStorySnapshot } from "@/lib/core/story-snapshot";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { createLogger } from "@/lib/logger";
import { createPublishQueues, type PublishQueues } from "@/lib/queue/publish-queues";
import { dispatchJobId } from "@/lib/queue/queues";
import type { WorkspaceContext } from "@/lib/workspaces/context";
import {
  makeBrand,
  makeMediaAsset,
  makeMember,
  makeReviewLink,
  makeSandboxChannels,
  makeWorkspace,
} from "@/prisma/factories";
import { expectAppError } from "@/test/assert/expect-app-error";
import { jpeg } from "@/test/media/media-fixtures";
import { approveStories } from "./approve-stories";
import { approveStory } from "./approve-story";
import { type ReviewDecisionBy, recordReviewDecision } from "./record-review-decision";
import { requestStoryChanges } from "./request-story-changes";
import { scheduleStory } from "./schedule-story";

// The one review decision for members and clients (the contract the review links call), against
// the real database and an unconsumed BullMQ queue: what each policy needs before a story is
// scheduled, who may not decide, and what a decision leaves behind (approval with its snapshot,
// audit entry, the author's notice).

describe("recordReviewDecision", () => {
  let queues: PublishQueues;
  let deps: {
    db: ReturnType<typeof db>;
    queues: PublishQueues;
    logger: ReturnType<typeof createLogger>;
    scheduleHorizonDays: number;
  };
  beforeAll(() => {
    queues = createPublishQueues(env().REDIS_URL, `test-${randomUUID()}`);
    deps = { db: db(), queues, logger: createLogger("test", "silent"), scheduleHorizonDays: 100 * 365 };
  });
  afterAll(async () => {
    await queues.dispatch.obliterate({ force: true }).catch(() => undefined);
    await queues.close();
  });

  const hasDispatchJob = async (story: { id: string; workspaceId: string; version: number }) =>
    Boolean(
      await queues.dispatch.getJob(
        dispatchJobId({ storyId: story.id, workspaceId: story.workspaceId, version: story.version }),
      ),
    );

  /** A brand with a policy, an editor who writes a story for 2099, and an approver. */
  async function inReview(approvalPolicy: ApprovalPolicy) {
    const { workspace, ctx: owner } = await makeWorkspace(db());
    const brand = await makeBrand(db(), workspace.id, { approvalPolicy });
    const [channel] = await makeSandboxChannels(db(), secretBoxFromEnv(env()), brand, ["INSTAGRAM"]);
    if (!channel) throw new Error("the factory made no channel");
    const asset = await makeMediaAsset(db(), workspace.id, {
      kind: "IMAGE",
      bytes: jpeg({ seed: Math.floor(Math.random() * 1e9) }),
      mimeType: "image/jpeg",
    });
    const author = await makeMember(db(), workspace, "EDITOR");
    const approver = await makeMember(db(), workspace, "APPROVER");
    const story = await scheduleStory(deps, author, {
      brandId: brand.id,
      title: "Croissant week",
      channelIds: [channel.id],
      frames: [asset.id],
      when: { local: "2099-03-01T09:00" },
    });
    expect(story.status).toBe(approvalPolicy === "NONE" ? "SCHEDULED" : "IN_REVIEW");
    const link = await makeReviewLink(db(), brand);
    const client = (
      overrides: Partial<Extract<ReviewDecisionBy, { kind: "client" }>> = {},
    ): ReviewDecisionBy => ({
      kind: "client",
      workspaceId: workspace.id,
      reviewLinkId: link.id,
      name: "Clara Client",
      email: "clara@client.test",
      ip: "203.0.113.7",
      userAgent: "test-browser",
      ...overrides,
    });
    return { workspace, owner, brand, author, approver, story, client };
  }
  const userOf = (ctx: WorkspaceContext) => {
    if (!ctx.userId) throw new Error("a member's context names its user");
    return ctx.userId;
  };
  const member = (ctx: WorkspaceContext): ReviewDecisionBy => ({ kind: "member", ctx });
  const approve = (version: number) => ({ version, decision: "APPROVED" as const, comment: null });

  it("team + client: the team's approval leaves it in review waiting for the client; the client's schedules it", async () => {
    const { approver, story, client, author, workspace } = await inReview("TEAM_AND_CLIENT");
    const teamDone = await recordReviewDecision(deps, member(approver), story.id, approve(story.version));
    expect(teamDone).toMatchObject({
      story: { status: "IN_REVIEW" },
      needsNewTime: false,
      waitingFor: "client",
    });
    expect(await hasDispatchJob(story)).toBe(false);
    // Approving the same version twice adds nothing: it already waits for the client.
    const twice = await expectAppError(
      recordReviewDecision(deps, member(approver), story.id, approve(story.version)),
      "CONFLICT",
    );
    expect(twice.message).toBe(
      `You already approved version ${story.version}: it waits for the client's approval through a review link.`,
    );

    const by = client();
    const done = await recordReviewDecision(deps, by, story.id, {
      ...approve(story.version),
      comment: "Lovely",
    });
    expect(done).toMatchObject({ story: { status: "SCHEDULED" }, needsNewTime: false, waitingFor: null });
    expect(await hasDispatchJob(done.story)).toBe(true);

    const approvals = await db().approval.findMany({
      where: { storyId: story.id },
      orderBy: { createdAt: "asc" },
    });
    expect(approvals).toMatchObject([
      { reviewerId: approver.userId, reviewLinkId: null, decision: "APPROVED" },
      {
        reviewerId: null,
        reviewLinkId: by.kind === "client" ? by.reviewLinkId : "",
        reviewerName: "Clara Client",
        reviewerEmail: "clara@client.test",
        note: "Lovely",
      },
    ]);
    // Each approval keeps what it approved.
    expect(parseStorySnapshot(approvals.at(1)?.contentSnapshot)).toMatchObject({
      title: "Croissant week",
      scheduledLocal: "2099-03-01T09:00",
      frames: [{ kind: "IMAGE" }],
    });
    const audit = await db().auditLog.findFirstOrThrow({
      where: { workspaceId: workspace.id, entityId: story.id, action: "story.approve", actorUserId: null },
    });
    expect(audit.data).toMatchObject({
      name: "Clara Client",
      ip: "203.0.113.7",
      status: "SCHEDULED",
    });
    // The author hears of both decisions.
    const notices = await db().notification.findMany({
      where: { workspaceId: workspace.id, userId: userOf(author), kind: "story.approved" },
      orderBy: { createdAt: "asc" },
    });
    expect(notices.map((n) => n.body)).toEqual([
      `A reviewer approved version ${story.version}; it still waits for the client.`,
      `Clara Client (client) approved version ${story.version}.`,
    ]);
  });

  it("the client alone is not enough under team + client, and a client cannot decide on another policy", async () => {
    const both = await inReview("TEAM_AND_CLIENT");
    const clientFirst = await recordReviewDecision(
      deps,
      both.client(),
      both.story.id,
      approve(both.story.version),
    );
    expect(clientFirst).toMatchObject({ story: { status: "IN_REVIEW" }, waitingFor: "team" });

    const teamOnly = await inReview("TEAM");
    const refused = await expectAppError(
      recordReviewDecision(deps, teamOnly.client(), teamOnly.story.id, approve(teamOnly.story.version)),
      "CONFLICT",
    );
    expect(refused.message).toMatch(/no longer asks for the client's approval/);
    // A link of another workspace does not find the story.
    const elsewhere = await makeWorkspace(db());
    await expectAppError(
      recordReviewDecision(
        deps,
        teamOnly.client({ workspaceId: elsewhere.workspace.id }),
        teamOnly.story.id,
        approve(teamOnly.story.version),
      ),
      "NOT_FOUND",
    );
    expect(await db().approval.count({ where: { storyId: teamOnly.story.id } })).toBe(0);
  });

  it("team, not the author: the author's own approval is refused, another approver's schedules it", async () => {
    const { author, owner, story } = await inReview("TEAM_NOT_AUTHOR");
    // The author is an editor; make them an approver too, as a small agency's owner would be.
    await db().membership.updateMany({
      where: { workspaceId: author.workspaceId, userId: userOf(author) },
      data: { role: "ADMIN" },
    });
    const authorAsAdmin = { ...author, role: "ADMIN" as const };
    const own = await expectAppError(
      approveStory(deps, authorAsAdmin, story.id, { version: story.version }),
      "FORBIDDEN",
    );
    expect(own.message).toMatch(/^You wrote this story, and .+ needs its approval from someone else/);
    expect(await db().approval.count({ where: { storyId: story.id } })).toBe(0);

    const approved = await approveStory(deps, owner, story.id, { version: story.version });
    expect(approved).toMatchObject({ story: { status: "SCHEDULED" }, waitingFor: null });
  });

  it("changes requested: needs a comment, keeps the story in review and unqueued, and tells the author", async () => {
    const { approver, story, author, client } = await inReview("TEAM_AND_CLIENT");
    const empty = await expectAppError(
      recordReviewDecision(deps, client(), story.id, {
        version: story.version,
        decision: "CHANGES_REQUESTED",
        comment: " ",
      }),
      "INVALID_INPUT",
    );
    expect(empty.details.fields?.comment).toMatch(/Say what should change/);
    const sentBack = await requestStoryChanges(deps, approver, story.id, {
      version: story.version,
      comment: "Warmer light",
    });
    expect(sentBack).toMatchObject({
      story: { status: "IN_REVIEW" },
      needsNewTime: false,
      waitingFor: "team",
    });
    expect(await hasDispatchJob(story)).toBe(false);
    const approval = await db().approval.findFirstOrThrow({ where: { storyId: story.id } });
    expect(approval).toMatchObject({
      decision: "CHANGES_REQUESTED",
      note: "Warmer light",
      contentSnapshot: null,
    });
    const notice = await db().notification.findFirstOrThrow({
      where: { userId: userOf(author), kind: "story.changes_requested" },
    });
    expect(notice.body).toBe(`A reviewer asked for changes to version ${story.version}: Warmer light`);
    // A stale version is a conflict for a client too.
    await expectAppError(
      recordReviewDecision(deps, client(), story.id, approve(story.version + 1)),
      "CONFLICT",
    );
  });

  it("bulk approve: each row at its own version; a stale, refused or foreign row does not block the others", async () => {
    const first = await inReview("TEAM");
    const { workspace, approver, author } = first;
    const brand = await db().brand.findFirstOrThrow({ where: { id: first.brand.id } });
    const channel = await db().channel.findFirstOrThrow({ where: { brandId: brand.id } });
    const frame = await db().storyFrame.findFirstOrThrow({ where: { storyId: first.story.id } });
    const another = (title: string) =>
      scheduleStory(deps, author, {
        brandId: brand.id,
        title,
        channelIds: [channel.id],
        frames: [frame.mediaAssetId ?? ""],
        when: { local: "2099-03-02T09:00" },
      });
    const second = await another("second");
    const stale = await another("stale");
    const elsewhere = await inReview("TEAM");
    const rows = await approveStories(deps, approver, {
      items: [
        { storyId: first.story.id, version: first.story.version },
        { storyId: stale.id, version: stale.version + 1 },
        { storyId: elsewhere.story.id, version: elsewhere.story.version },
        { storyId: second.id, version: second.version },
      ],
    });
    expect(rows).toEqual([
      { storyId: first.story.id, ok: true, message: "Approved: it goes out at its time." },
      {
        storyId: stale.id,
        ok: false,
        message: `This story changed since you opened it: review version ${stale.version}.`,
      },
      { storyId: elsewhere.story.id, ok: false, message: "This story does not exist or you cannot see it." },
      { storyId: second.id, ok: true, message: "Approved: it goes out at its time." },
    ]);
    const statuses = await db().story.findMany({
      where: { workspaceId: workspace.id },
      select: { id: true, status: true },
    });
    expect(new Map(statuses.map((s) => [s.id, s.status]))).toEqual(
      new Map([
        [first.story.id, "SCHEDULED"],
        [second.id, "SCHEDULED"],
        [stale.id, "IN_REVIEW"],
      ]),
    );
    await expectAppError(
      approveStories(deps, author, { items: [{ storyId: second.id, version: 1 }] }),
      "FORBIDDEN",
    );
    await expectAppError(approveStories(deps, approver, { items: [] }), "INVALID_INPUT");
  });
});
