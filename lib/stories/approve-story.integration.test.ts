import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { moveStoryToDay } from "@/lib/calendar/move-story-to-day";
import { db } from "@/lib/db/client";
import { dispatchStory } from "@/lib/publishing/dispatch-story";
import { retryTarget } from "@/lib/publishing/retry-target";
import { sweep } from "@/lib/publishing/sweep";
import { dispatchJobId } from "@/lib/queue/queues";
import { makeBrand, makeMember, makeWorkspace } from "@/prisma/factories";
import { expectAppError } from "@/test/assert/expect-app-error";
import { eventually, type Pipeline, startPipeline } from "@/test/publishing/pipeline-test-kit";
import { approveStory } from "./approve-story";
import { publishNow } from "./publish-now";
import { requestStoryChanges } from "./request-story-changes";
import { rescheduleStory } from "./reschedule-story";
import { saveDraft } from "./save-draft";
import { scheduleStory } from "./schedule-story";
import { updateStory } from "./update-story";

// Approving and sending back stories of a brand that requires approval, through the real
// pipeline: an unapproved story is not published by any path that could start it, approval binds
// to the version the reviewer saw, and roles and tenancy are enforced by the use cases.

describe("reviewing stories", () => {
  let p: Pipeline;
  beforeAll(async () => {
    p = await startPipeline();
    await db().brand.update({ where: { id: p.brand.id }, data: { approvalPolicy: "TEAM" } });
  }, 60_000);
  afterAll(() => p.close());

  const read = (id: string) => db().story.findUniqueOrThrow({ where: { id } });
  const hasDispatchJob = async (story: { id: string; workspaceId: string; version: number }) =>
    Boolean(
      await p.deps.queues.dispatch.getJob(
        dispatchJobId({ storyId: story.id, workspaceId: story.workspaceId, version: story.version }),
      ),
    );

  /** A story due now, waiting for review (publish now on a draft of an approval brand). */
  async function dueInReview() {
    const draft = await saveDraft(p.deps, p.ctx, {
      brandId: p.brand.id,
      channelIds: [p.channel("INSTAGRAM").id],
      frames: [(await p.image()).id],
    });
    return publishNow(p.deps, p.ctx, draft.id);
  }

  it("no path publishes an unapproved story (sweep, dispatch, move, calendar, retry, publish now); approving the seen version publishes it at once", async () => {
    const story = await dueInReview();
    expect(story.status).toBe("IN_REVIEW");
    expect(await hasDispatchJob(story)).toBe(false);

    // The sweep does not dispatch it, a dispatch job for it is a no-op, a move keeps it in review.
    await sweep(p.deps);
    expect(
      await dispatchStory(p.deps, { storyId: story.id, workspaceId: p.workspace.id, version: story.version }),
    ).toBe("stale");
    const moved = await rescheduleStory(p.deps, p.ctx, story.id, { when: { now: true } });
    expect(moved.status).toBe("IN_REVIEW");
    expect(await hasDispatchJob(moved)).toBe(false);
    // A calendar move of one with a wall-clock time keeps it in review and unqueued too.
    const planned = await scheduleStory(p.deps, p.ctx, {
      brandId: p.brand.id,
      channelIds: [p.channel("INSTAGRAM").id],
      frames: [(await p.image()).id],
      when: { local: "2027-02-01T09:00" },
    });
    const dragged = await moveStoryToDay(p.deps, p.ctx, { storyId: planned.id, date: "2027-02-02" });
    expect(dragged.status).toBe("IN_REVIEW");
    expect(await hasDispatchJob(dragged)).toBe(false);
    // A retry is refused even for a target marked failed: only a started story is retried.
    const target = await db().storyTarget.findFirstOrThrow({ where: { storyId: story.id } });
    await db().storyTarget.update({ where: { id: target.id }, data: { state: "FAILED" } });
    await expectAppError(retryTarget(p.deps, p.ctx, story.id, target.id), "CONFLICT");
    await db().storyTarget.update({ where: { id: target.id }, data: { state: "PENDING" } });
    const again = await publishNow(p.deps, p.ctx, story.id);
    expect(again.status).toBe("IN_REVIEW");
    expect((await read(story.id)).status).toBe("IN_REVIEW");
    expect((await p.ledger()).length).toBe(0);

    const approver = await makeMember(db(), p.workspace, "APPROVER");
    const stale = await expectAppError(
      approveStory(p.deps, approver, story.id, { version: story.version }),
      "CONFLICT",
    );
    expect(stale.message).toBe(`This story changed since you opened it: review version ${again.version}.`);
    expect((await read(story.id)).status).toBe("IN_REVIEW");

    const approved = await approveStory(p.deps, approver, story.id, { version: again.version });
    expect(approved.story.status).toBe("SCHEDULED");
    expect(approved.needsNewTime).toBe(false);
    expect(approved.waitingFor).toBeNull();
    const done = await eventually(
      () => read(story.id),
      (s) => !["SCHEDULED", "PUBLISHING"].includes(s.status),
      30_000,
    );
    expect(done.status).toBe("PUBLISHED");
    const approvals = await db().approval.findMany({ where: { storyId: story.id } });
    expect(approvals).toMatchObject([
      { decision: "APPROVED", storyVersion: again.version, reviewerId: approver.userId },
    ]);
  }, 60_000);

  it("request changes keeps the story unqueued; the author's edit needs a decision on the new version", async () => {
    const story = await scheduleStory(p.deps, p.ctx, {
      brandId: p.brand.id,
      channelIds: [p.channel("FACEBOOK").id],
      frames: [(await p.image()).id],
      when: { local: "2027-03-01T09:00" },
    });
    const approver = await makeMember(db(), p.workspace, "APPROVER");
    const empty = await expectAppError(
      requestStoryChanges(p.deps, approver, story.id, { version: story.version, comment: "  " }),
      "INVALID_INPUT",
    );
    expect(empty.details.fields?.comment).toMatch(/Say what should change/);
    expect(await db().approval.count({ where: { storyId: story.id } })).toBe(0);

    await requestStoryChanges(p.deps, approver, story.id, {
      version: story.version,
      comment: "Brighter photo",
    });
    const sentBack = await read(story.id);
    expect(sentBack.status).toBe("IN_REVIEW");
    expect(await hasDispatchJob(sentBack)).toBe(false);
    expect(await db().approval.findFirst({ where: { storyId: story.id } })).toMatchObject({
      decision: "CHANGES_REQUESTED",
      note: "Brighter photo",
      storyVersion: story.version,
    });

    // Approved, then edited: back to review, and the approval of the old version does not carry over.
    await approveStory(p.deps, approver, story.id, { version: story.version });
    expect((await read(story.id)).status).toBe("SCHEDULED");
    const edited = await updateStory(p.deps, p.ctx, story.id, {
      channelIds: [p.channel("FACEBOOK").id],
      frames: [(await p.image()).id],
      when: { local: "2027-03-01T10:00" },
    });
    expect(edited.status).toBe("IN_REVIEW");
    expect(await hasDispatchJob(edited)).toBe(false);
    await expectAppError(approveStory(p.deps, approver, story.id, { version: story.version }), "CONFLICT");
    expect((await approveStory(p.deps, approver, story.id, { version: edited.version })).story.status).toBe(
      "SCHEDULED",
    );
    expect(await hasDispatchJob(await read(story.id))).toBe(true);
  });

  it("approved past its freshness deadline, it asks for a new time; given one, it is scheduled", async () => {
    const story = await dueInReview();
    await db().story.update({
      where: { id: story.id },
      data: {
        scheduledAt: new Date(Date.now() - 3 * 3_600_000),
        freshnessDeadline: new Date(Date.now() - 60_000),
      },
    });
    const approved = await approveStory(p.deps, p.ctx, story.id, { version: story.version });
    expect(approved).toMatchObject({ story: { status: "APPROVED" }, needsNewTime: true, waitingFor: null });
    expect(await hasDispatchJob(approved.story)).toBe(false);
    await sweep(p.deps);
    expect((await read(story.id)).status).toBe("APPROVED");

    const moved = await rescheduleStory(p.deps, p.ctx, story.id, { when: { local: "2027-04-01T09:00" } });
    expect(moved.status).toBe("SCHEDULED");
    expect(await hasDispatchJob(moved)).toBe(true);
  });

  it("only approvers, admins and owners decide, on brands they see, in their own workspace", async () => {
    const story = await scheduleStory(p.deps, p.ctx, {
      brandId: p.brand.id,
      channelIds: [p.channel("FACEBOOK").id],
      frames: [(await p.image()).id],
      when: { local: "2027-05-01T09:00" },
    });
    const input = { version: story.version, comment: "No" };
    for (const role of ["EDITOR", "VIEWER"] as const) {
      const member = await makeMember(db(), p.workspace, role);
      await expectAppError(approveStory(p.deps, member, story.id, input), "FORBIDDEN");
      await expectAppError(requestStoryChanges(p.deps, member, story.id, input), "FORBIDDEN");
    }
    const otherBrand = await makeBrand(db(), p.workspace.id);
    const client = await makeMember(db(), p.workspace, "APPROVER", { brandIds: [otherBrand.id] });
    await expectAppError(approveStory(p.deps, client, story.id, input), "NOT_FOUND");
    await expectAppError(requestStoryChanges(p.deps, client, story.id, input), "NOT_FOUND");
    const elsewhere = await makeWorkspace(db());
    await expectAppError(approveStory(p.deps, elsewhere.ctx, story.id, input), "NOT_FOUND");
    await expectAppError(requestStoryChanges(p.deps, elsewhere.ctx, story.id, input), "NOT_FOUND");
    await expectAppError(approveStory(p.deps, p.ctx, story.id, { version: 0 }), "INVALID_INPUT");

    expect((await read(story.id)).status).toBe("IN_REVIEW");
    expect(await db().approval.count({ where: { storyId: story.id } })).toBe(0);
  });
});
