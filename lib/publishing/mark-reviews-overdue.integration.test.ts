import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { createLogger } from "@/lib/logger";
import { createPublishQueues, type PublishQueues } from "@/lib/queue/publish-queues";
import { dispatchJobId } from "@/lib/queue/queues";
import { approveStory } from "@/lib/stories/approve-story";
import { rescheduleStory } from "@/lib/stories/reschedule-story";
import { scheduleStory } from "@/lib/stories/schedule-story";
import type { WorkspaceContext } from "@/lib/workspaces/context";
import {
  makeBrand,
  makeMediaAsset,
  makeMember,
  makeSandboxChannels,
  makeWorkspace,
} from "@/prisma/factories";
import { jpeg } from "@/test/media/media-fixtures";
import { markReviewsOverdue } from "./mark-reviews-overdue";

// A story still in review when its time comes: not published, marked overdue once, its reviewers
// and author told once (even when sweeps race), and approving it later publishes it at once while
// its freshness deadline allows, else asks for a new time; a reschedule clears the mark.

describe("overdue approvals", () => {
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
  const userOf = (ctx: WorkspaceContext) => {
    if (!ctx.userId) throw new Error("a member's context names its user");
    return ctx.userId;
  };

  /** A story in review whose time was `minutesAgo` minutes ago, its freshness deadline `freshMinutes` after that. */
  async function dueInReview(minutesAgo: number, freshMinutes: number) {
    const { workspace } = await makeWorkspace(db());
    const brand = await makeBrand(db(), workspace.id, { approvalPolicy: "TEAM" });
    const [channel] = await makeSandboxChannels(db(), secretBoxFromEnv(env()), brand, ["INSTAGRAM"]);
    if (!channel) throw new Error("the factory made no channel");
    const asset = await makeMediaAsset(db(), workspace.id, {
      kind: "IMAGE",
      bytes: jpeg({ seed: Math.floor(Math.random() * 1e9) }),
      mimeType: "image/jpeg",
    });
    const author = await makeMember(db(), workspace, "EDITOR");
    const approver = await makeMember(db(), workspace, "APPROVER");
    const limited = await makeMember(db(), workspace, "APPROVER", {
      brandIds: [(await makeBrand(db(), workspace.id)).id],
    });
    const planned = await scheduleStory(deps, author, {
      brandId: brand.id,
      title: "Late croissants",
      channelIds: [channel.id],
      frames: [asset.id],
      when: { local: "2099-01-01T09:00" },
    });
    const scheduledAt = new Date(Date.now() - minutesAgo * 60_000);
    const story = await db().story.update({
      where: { id: planned.id },
      data: { scheduledAt, freshnessDeadline: new Date(scheduledAt.getTime() + freshMinutes * 60_000) },
    });
    return { workspace, author, approver, limited, story };
  }
  const overdueNotices = (storyPath: string) =>
    db().notification.findMany({
      where: { kind: "story.approval_overdue", link: { endsWith: storyPath } },
      select: { userId: true, body: true },
    });

  it("marks a due story in review once and tells its reviewers and author once, even when sweeps race", async () => {
    const { story, author, approver, limited, workspace } = await dueInReview(5, 60);
    const later = await dueInReview(-60, 60);
    await Promise.all([markReviewsOverdue(deps, new Date()), markReviewsOverdue(deps, new Date())]);
    await markReviewsOverdue(deps, new Date());

    const marked = await db().story.findUniqueOrThrow({ where: { id: story.id } });
    expect(marked.status).toBe("IN_REVIEW");
    expect(marked.reviewOverdueAt).not.toBeNull();
    expect(await hasDispatchJob(marked)).toBe(false);
    // Not yet due: not marked.
    expect(
      (await db().story.findUniqueOrThrow({ where: { id: later.story.id } })).reviewOverdueAt,
    ).toBeNull();

    const notices = await overdueNotices(`/stories/${story.id}`);
    const owner = await db().membership.findFirstOrThrow({
      where: { workspaceId: workspace.id, role: "OWNER" },
    });
    // The author, the approver and the owner, once each; not the approver limited to another brand.
    expect(notices.map((n) => n.userId).sort()).toEqual(
      [userOf(author), userOf(approver), owner.userId].sort(),
    );
    expect(notices.map((n) => n.userId)).not.toContain(userOf(limited));
    // Server-written text names the zone it reads in (docs/style.md, dates).
    expect(notices[0]?.body).toMatch(
      /^It needed approval by .+ \([A-Za-z_]+(\/[A-Za-z_]+)?\) and was not published\./,
    );
  });

  it("approved later within its freshness deadline: scheduled at once and no longer overdue", async () => {
    const { story, approver } = await dueInReview(5, 60);
    await markReviewsOverdue(deps, new Date());
    const approved = await approveStory(deps, approver, story.id, { version: story.version });
    expect(approved).toMatchObject({
      story: { status: "SCHEDULED", reviewOverdueAt: null },
      needsNewTime: false,
    });
    expect(await hasDispatchJob(approved.story)).toBe(true);
  });

  it("approved past its freshness deadline: asks for a new time, stays marked until rescheduled", async () => {
    const { story, approver, author } = await dueInReview(120, 30);
    await markReviewsOverdue(deps, new Date());
    const approved = await approveStory(deps, approver, story.id, { version: story.version });
    expect(approved).toMatchObject({ story: { status: "APPROVED" }, needsNewTime: true });
    expect(approved.story.reviewOverdueAt).not.toBeNull();
    expect(await hasDispatchJob(approved.story)).toBe(false);

    const moved = await rescheduleStory(deps, author, story.id, { when: { local: "2099-02-01T09:00" } });
    expect(moved).toMatchObject({ status: "SCHEDULED", reviewOverdueAt: null });
    expect(await hasDispatchJob(moved)).toBe(true);
  });
});
