import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApprovalPolicy } from "@/lib/core/approval-policy";
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
  makeSandboxChannels,
  makeWorkspace,
} from "@/prisma/factories";
import { expectAppError } from "@/test/assert/expect-app-error";
import { jpeg } from "@/test/media/media-fixtures";
import { duplicateStory } from "./duplicate-story";
import { listComposerMedia } from "./list-composer-media";
import { publishNow } from "./publish-now";
import { saveDraft } from "./save-draft";
import { scheduleStory } from "./schedule-story";
import { contentOfStory } from "./story-content";
import { updateStory } from "./update-story";

// The composer's use cases against the real database and a real (unconsumed) BullMQ queue: drafts,
// edits, publish now and duplicates, the platform checks enforced on the server, per-channel
// overrides, and the usual "another workspace's ids are not found" and role checks.

describe("composing stories", () => {
  let queues: PublishQueues;
  let deps: {
    db: ReturnType<typeof db>;
    queues: PublishQueues;
    logger: ReturnType<typeof createLogger>;
    scheduleHorizonDays: number;
  };
  beforeAll(() => {
    queues = createPublishQueues(env().REDIS_URL, `test-${randomUUID()}`);
    // These stories are set in 2099, far from the real clock: a horizon of a century reaches them.
    deps = { db: db(), queues, logger: createLogger("test", "silent"), scheduleHorizonDays: 100 * 365 };
  });
  afterAll(async () => {
    await queues.dispatch.obliterate({ force: true }).catch(() => undefined);
    await queues.close();
  });

  async function setup(options: { approvalPolicy?: ApprovalPolicy } = {}) {
    const { workspace, ctx } = await makeWorkspace(db());
    const brand = await makeBrand(db(), workspace.id, {
      timeZone: "Asia/Kolkata",
      approvalPolicy: options.approvalPolicy,
    });
    const channels = await makeSandboxChannels(db(), secretBoxFromEnv(env()), brand);
    const byPlatform = (p: string) => channels.find((c) => c.platform === p)?.id as string;
    const image = () =>
      makeMediaAsset(db(), workspace.id, {
        kind: "IMAGE",
        bytes: jpeg({ seed: Math.floor(Math.random() * 1e9) }),
        mimeType: "image/jpeg",
      });
    const video = (durationMs: number) =>
      makeMediaAsset(db(), workspace.id, {
        kind: "VIDEO",
        bytes: Buffer.from(`video-${randomUUID()}`),
        mimeType: "video/mp4",
        durationMs,
      });
    return { workspace, ctx, brand, channels, byPlatform, image, video };
  }

  const storyRows = async (workspaceId: string) => ({
    stories: await db().story.count({ where: { workspaceId } }),
    targets: await db().storyTarget.count({ where: { workspaceId } }),
    frames: await db().storyFrame.count({ where: { workspaceId } }),
  });

  const hasDispatchJob = async (story: { id: string; workspaceId: string; version: number }) =>
    Boolean(
      await queues.dispatch.getJob(
        dispatchJobId({ storyId: story.id, workspaceId: story.workspaceId, version: story.version }),
      ),
    );

  describe("the platform checks on the server", () => {
    it("refuses a 75 s video with the composer's wording and writes nothing", async () => {
      const { ctx, brand, channels, image, video, workspace } = await setup();
      const frames = [await image(), await video(75_000)];
      const error = await expectAppError(
        scheduleStory(deps, ctx, {
          brandId: brand.id,
          channelIds: channels.map((c) => c.id),
          frames: frames.map((f) => f.id),
          when: { local: "2099-01-01T09:00" },
        }),
        "INVALID_INPUT",
      );
      expect(error.message).toContain(
        "Frame 2: 75 s video: WhatsApp Status allows 60 s — split into 2 frames?",
      );
      expect(error.message).toContain("Frame 2: 75 s video: Instagram Stories allows 60 s");
      expect(error.details.fields?.frames).toBe(error.message);
      expect(await storyRows(workspace.id)).toEqual({ stories: 0, targets: 0, frames: 0 });
    });

    it("schedules it once the video is left out for every channel, and warnings do not block", async () => {
      const { ctx, brand, channels, image, video } = await setup();
      const square = await makeMediaAsset(db(), ctx.workspaceId, {
        kind: "IMAGE",
        bytes: jpeg({ seed: 7 }),
        mimeType: "image/jpeg",
        width: 1080,
        height: 1080,
      });
      const frames = [await image(), await video(75_000), square];
      const story = await scheduleStory(deps, ctx, {
        brandId: brand.id,
        channelIds: channels.map((c) => c.id),
        frames: frames.map((f) => f.id),
        overrides: channels.map((c) => ({ channelId: c.id, frames: [0, 2] })),
        when: { local: "2099-01-01T09:00" },
      });
      expect(story.status).toBe("SCHEDULED");
      const targets = await db().storyTarget.findMany({
        where: { storyId: story.id },
        include: { frames: { orderBy: { position: "asc" }, include: { frame: true } } },
      });
      for (const target of targets) {
        expect(target.frames.map((f) => [f.position, f.frame.position])).toEqual([
          [0, 0],
          [1, 2],
        ]);
      }
    });
  });

  describe("per-channel overrides", () => {
    it("gives each channel its frames and WhatsApp its own caption, and reads them back", async () => {
      const { ctx, brand, byPlatform, image } = await setup();
      const frames = [await image(), await image(), await image()];
      const story = await scheduleStory(deps, ctx, {
        brandId: brand.id,
        channelIds: [byPlatform("INSTAGRAM"), byPlatform("WHATSAPP")],
        frames: frames.map((f) => f.id),
        whatsappText: "For everyone",
        overrides: [{ channelId: byPlatform("WHATSAPP"), frames: [2, 1], caption: "Only on WhatsApp" }],
        when: { local: "2099-01-01T09:00" },
      });
      const wa = await db().storyTarget.findFirstOrThrow({
        where: { storyId: story.id, channelId: byPlatform("WHATSAPP") },
        include: { frames: { orderBy: { position: "asc" }, include: { frame: true } } },
      });
      expect(wa.captionOverride).toBe("Only on WhatsApp");
      // In story order whatever order the override listed them in.
      expect(wa.frames.map((f) => f.frame.position)).toEqual([1, 2]);
      expect(await contentOfStory(db(), ctx, story.id)).toMatchObject({
        frames: frames.map((f) => f.id),
        whatsappText: "For everyone",
        overrides: [{ channelId: byPlatform("WHATSAPP"), frames: [1, 2], caption: "Only on WhatsApp" }],
      });
    });

    it("refuses a caption for Instagram, a frame the story lacks and a channel left with none", async () => {
      const { ctx, brand, byPlatform, image, workspace } = await setup();
      const frames = [(await image()).id];
      const base = { brandId: brand.id, frames, when: { local: "2099-01-01T09:00" } };
      const ig = byPlatform("INSTAGRAM");
      const caption = await expectAppError(
        scheduleStory(deps, ctx, {
          ...base,
          channelIds: [ig],
          overrides: [{ channelId: ig, caption: "Hi" }],
        }),
        "INVALID_INPUT",
      );
      expect(caption.message).toMatch(/shows no caption: only WhatsApp channels take one/);
      const missingFrame = await expectAppError(
        scheduleStory(deps, ctx, { ...base, channelIds: [ig], overrides: [{ channelId: ig, frames: [3] }] }),
        "INVALID_INPUT",
      );
      expect(missingFrame.message).toMatch(/names a frame the story does not have/);
      const none = await expectAppError(
        scheduleStory(deps, ctx, { ...base, channelIds: [ig], overrides: [{ channelId: ig, frames: [] }] }),
        "INVALID_INPUT",
      );
      expect(none.message).toMatch(/gets no frame/);
      expect(await storyRows(workspace.id)).toEqual({ stories: 0, targets: 0, frames: 0 });
    });
  });

  describe("drafts", () => {
    it("keeps half-finished work unchecked and unqueued, then schedules it by an edit", async () => {
      const { ctx, brand, byPlatform, image, video } = await setup();
      const long = await video(75_000);
      const draft = await saveDraft(deps, ctx, {
        brandId: brand.id,
        title: "Autumn sale",
        frames: [long.id],
        channelIds: [],
        local: "2020-01-01T09:00",
      });
      expect(draft).toMatchObject({
        status: "DRAFT",
        scheduledLocal: "2020-01-01T09:00",
        timeZone: "Asia/Kolkata",
      });
      expect(draft.scheduledAt?.toISOString()).toBe("2020-01-01T03:30:00.000Z");
      expect(await hasDispatchJob(draft)).toBe(false);

      // Scheduling it runs the checks: the long video blocks, and nothing changes.
      const ig = byPlatform("INSTAGRAM");
      await expectAppError(
        updateStory(deps, ctx, draft.id, {
          channelIds: [ig],
          frames: [long.id],
          when: { local: "2099-05-01T10:00" },
        }),
        "INVALID_INPUT",
      );
      expect(await db().story.findUniqueOrThrow({ where: { id: draft.id } })).toMatchObject({
        status: "DRAFT",
        version: draft.version,
      });

      const still = await image();
      const scheduled = await updateStory(deps, ctx, draft.id, {
        title: "Autumn sale",
        channelIds: [ig],
        frames: [still.id],
        when: { local: "2099-05-01T10:00" },
      });
      expect(scheduled).toMatchObject({ status: "SCHEDULED", version: draft.version + 1 });
      expect(scheduled.scheduledAt?.toISOString()).toBe("2099-05-01T04:30:00.000Z");
      expect(await hasDispatchJob(scheduled)).toBe(true);
      expect(await contentOfStory(db(), ctx, draft.id)).toMatchObject({
        frames: [still.id],
        channelIds: [ig],
      });
    });

    it("saving a scheduled story as a draft takes it off the schedule (version bump)", async () => {
      const { ctx, brand, channels, image } = await setup();
      const story = await scheduleStory(deps, ctx, {
        brandId: brand.id,
        channelIds: channels.map((c) => c.id),
        frames: [(await image()).id],
        when: { local: "2099-01-01T09:00" },
      });
      const draft = await saveDraft(deps, ctx, {
        storyId: story.id,
        channelIds: channels.map((c) => c.id),
        frames: [(await image()).id],
      });
      expect(draft).toMatchObject({
        id: story.id,
        status: "DRAFT",
        version: story.version + 1,
        scheduledAt: null,
      });
    });
  });

  describe("editing a scheduled story", () => {
    it("bumps the version, re-queues, and refuses once the story has gone out", async () => {
      const { ctx, brand, channels, image } = await setup();
      const story = await scheduleStory(deps, ctx, {
        brandId: brand.id,
        channelIds: channels.map((c) => c.id),
        frames: [(await image()).id],
        when: { local: "2099-01-01T09:00" },
      });
      const edited = await updateStory(deps, ctx, story.id, {
        channelIds: [channels[0]?.id as string],
        frames: [(await image()).id, (await image()).id],
        when: { local: "2099-01-02T09:00" },
      });
      expect(edited.version).toBe(story.version + 1);
      expect(await hasDispatchJob(edited)).toBe(true);
      expect(await db().storyTarget.count({ where: { storyId: story.id } })).toBe(1);

      // Ended rather than PUBLISHING: a worker sharing this database would pick up a publishing story.
      await db().story.update({ where: { id: story.id }, data: { status: "PUBLISHED" } });
      const error = await expectAppError(
        updateStory(deps, ctx, story.id, {
          channelIds: [channels[0]?.id as string],
          frames: [(await image()).id],
          when: { local: "2099-01-03T09:00" },
        }),
        "CONFLICT",
      );
      expect(error.message).toBe(
        "This story is published and can no longer be edited. Duplicate it to reuse it.",
      );
    });
  });

  describe("a brand that requires approval", () => {
    it("an edit sends even an approved story back to review, unqueued; drafts and copies stay drafts", async () => {
      const { ctx, brand, channels, image } = await setup({ approvalPolicy: "TEAM" });
      const channelIds = channels.map((c) => c.id);
      const story = await scheduleStory(deps, ctx, {
        brandId: brand.id,
        channelIds,
        frames: [(await image()).id],
        when: { local: "2099-01-01T09:00" },
      });
      expect(story.status).toBe("IN_REVIEW");
      await db().story.update({ where: { id: story.id }, data: { status: "APPROVED" } });
      const edited = await updateStory(deps, ctx, story.id, {
        channelIds,
        frames: [(await image()).id],
        when: { local: "2099-01-01T10:00" },
      });
      expect(edited.status).toBe("IN_REVIEW");
      expect(await hasDispatchJob(edited)).toBe(false);
      expect((await duplicateStory(deps, ctx, story.id)).status).toBe("DRAFT");
      expect((await saveDraft(deps, ctx, { storyId: story.id, channelIds })).status).toBe("DRAFT");
    });
  });

  describe("publish now", () => {
    it("moves a draft to now and queues it; an approval brand keeps it IN_REVIEW and unqueued", async () => {
      const plain = await setup();
      const draft = await saveDraft(deps, plain.ctx, {
        brandId: plain.brand.id,
        channelIds: plain.channels.map((c) => c.id),
        frames: [(await plain.image()).id],
      });
      const before = Date.now();
      const now = await publishNow(deps, plain.ctx, draft.id);
      expect(now.status).toBe("SCHEDULED");
      expect(now.scheduledAt?.getTime()).toBeGreaterThanOrEqual(before - 1);
      expect(await hasDispatchJob(now)).toBe(true);

      const approval = await setup({ approvalPolicy: "TEAM" });
      const pending = await saveDraft(deps, approval.ctx, {
        brandId: approval.brand.id,
        channelIds: approval.channels.map((c) => c.id),
        frames: [(await approval.image()).id],
      });
      const review = await publishNow(deps, approval.ctx, pending.id);
      expect(review.status).toBe("IN_REVIEW");
      expect(await hasDispatchJob(review)).toBe(false);
    });

    it("refuses a draft whose checks fail (no channel), leaving it a draft", async () => {
      const { ctx, brand, image } = await setup();
      const draft = await saveDraft(deps, ctx, { brandId: brand.id, frames: [(await image()).id] });
      const error = await expectAppError(publishNow(deps, ctx, draft.id), "INVALID_INPUT");
      expect(error.message).toBe("Choose at least one channel.");
      expect((await db().story.findUniqueOrThrow({ where: { id: draft.id } })).status).toBe("DRAFT");
    });
  });

  describe("duplicate", () => {
    it("copies frames, channels and overrides as a new unscheduled draft", async () => {
      const { ctx, brand, byPlatform, image } = await setup();
      const frames = [await image(), await image()];
      const wa = byPlatform("WHATSAPP");
      const story = await scheduleStory(deps, ctx, {
        brandId: brand.id,
        title: "Launch",
        channelIds: [byPlatform("FACEBOOK"), wa],
        frames: frames.map((f) => f.id),
        whatsappText: "New!",
        overrides: [{ channelId: wa, frames: [1], caption: "WA only" }],
        when: { local: "2099-01-01T09:00" },
      });
      const copy = await duplicateStory(deps, ctx, story.id);
      expect(copy).toMatchObject({
        status: "DRAFT",
        title: "Copy of Launch",
        scheduledAt: null,
        brandId: brand.id,
      });
      expect(copy.id).not.toBe(story.id);
      const original = await contentOfStory(db(), ctx, story.id);
      expect(await contentOfStory(db(), ctx, copy.id)).toEqual({ ...original, title: "Copy of Launch" });
    });
  });

  describe("the composer's media", () => {
    it("lists READY media of the brand and of the whole workspace, never another brand's or workspace's", async () => {
      const { workspace, ctx, brand, image } = await setup();
      const other = await makeBrand(db(), workspace.id);
      const shared = await image();
      const own = await image();
      const elsewhere = await image();
      const processing = await image();
      await db().mediaAsset.update({ where: { id: own.id }, data: { brandId: brand.id } });
      await db().mediaAsset.update({ where: { id: elsewhere.id }, data: { brandId: other.id } });
      await db().mediaAsset.update({
        where: { id: processing.id },
        data: { brandId: brand.id, status: "PROCESSING" },
      });
      await db().mediaAsset.update({
        where: { id: shared.id },
        data: { renditions: { thumbnail: { storageKey: `${workspace.id}/thumb.jpg` } } },
      });
      const foreign = await setup();
      const theirs = await foreign.image();

      const listed = await listComposerMedia(db(), ctx, brand.id);
      expect(listed.map((m) => m.id).sort()).toEqual([own.id, shared.id].sort());
      expect(listed.find((m) => m.id === shared.id)?.thumbnailKey).toBe(`${workspace.id}/thumb.jpg`);
      expect(listed.find((m) => m.id === own.id)?.thumbnailKey).toBeNull();

      // An edited story's frames come along whatever their state, but only from this workspace.
      const withFrames = await listComposerMedia(db(), ctx, brand.id, {
        include: [processing.id, theirs.id],
      });
      expect(withFrames.map((m) => m.id)).toContain(processing.id);
      expect(withFrames.map((m) => m.id)).not.toContain(theirs.id);
      expect(await listComposerMedia(db(), foreign.ctx, brand.id)).toEqual([]);
    });
  });

  describe("who may do it", () => {
    it("another workspace's story, brand, channel or media is not found, and changes nothing", async () => {
      const mine = await setup();
      const theirs = await setup();
      const story = await saveDraft(deps, theirs.ctx, {
        brandId: theirs.brand.id,
        channelIds: theirs.channels.map((c) => c.id),
        frames: [(await theirs.image()).id],
      });
      const before = await storyRows(theirs.workspace.id);
      const myFrame = (await mine.image()).id;
      const when = { local: "2099-01-01T09:00" };
      await expectAppError(
        updateStory(deps, mine.ctx, story.id, {
          channelIds: [mine.channels[0]?.id as string],
          frames: [myFrame],
          when,
        }),
        "NOT_FOUND",
      );
      await expectAppError(publishNow(deps, mine.ctx, story.id), "NOT_FOUND");
      await expectAppError(duplicateStory(deps, mine.ctx, story.id), "NOT_FOUND");
      await expectAppError(saveDraft(deps, mine.ctx, { storyId: story.id }), "NOT_FOUND");
      await expectAppError(saveDraft(deps, mine.ctx, { brandId: theirs.brand.id }), "NOT_FOUND");
      // My own story may not name their channel or their media either.
      await expectAppError(
        saveDraft(deps, mine.ctx, { brandId: mine.brand.id, channelIds: [theirs.channels[0]?.id as string] }),
        "NOT_FOUND",
      );
      const theirFrame = (await db().storyFrame.findFirstOrThrow({ where: { storyId: story.id } }))
        .mediaAssetId as string;
      await expectAppError(
        saveDraft(deps, mine.ctx, { brandId: mine.brand.id, frames: [theirFrame] }),
        "NOT_FOUND",
      );
      // Nor another brand's media of my own workspace.
      const otherBrand = await makeBrand(db(), mine.workspace.id);
      const otherBrandsImage = await mine.image();
      await db().mediaAsset.update({ where: { id: otherBrandsImage.id }, data: { brandId: otherBrand.id } });
      await expectAppError(
        saveDraft(deps, mine.ctx, { brandId: mine.brand.id, frames: [otherBrandsImage.id] }),
        "NOT_FOUND",
      );
      expect(await storyRows(theirs.workspace.id)).toEqual(before);
      expect(await storyRows(mine.workspace.id)).toEqual({ stories: 0, targets: 0, frames: 0 });
    });

    it("a viewer is refused every change; a member limited to another brand does not see this one", async () => {
      const { workspace, ctx, brand, channels, image } = await setup();
      const story = await saveDraft(deps, ctx, {
        brandId: brand.id,
        channelIds: channels.map((c) => c.id),
        frames: [(await image()).id],
      });
      const viewer: WorkspaceContext = await makeMember(db(), workspace, "VIEWER");
      await expectAppError(saveDraft(deps, viewer, { brandId: brand.id }), "FORBIDDEN");
      await expectAppError(publishNow(deps, viewer, story.id), "FORBIDDEN");
      await expectAppError(duplicateStory(deps, viewer, story.id), "FORBIDDEN");
      await expectAppError(
        updateStory(deps, viewer, story.id, { channelIds: [channels[0]?.id as string], when: { now: true } }),
        "FORBIDDEN",
      );
      const other = await makeBrand(db(), workspace.id);
      const limited = await makeMember(db(), workspace, "EDITOR", { brandIds: [other.id] });
      await expectAppError(duplicateStory(deps, limited, story.id), "NOT_FOUND");
      await expectAppError(publishNow(deps, limited, story.id), "NOT_FOUND");
      expect(await db().story.count({ where: { workspaceId: workspace.id } })).toBe(1);
      expect((await db().story.findUniqueOrThrow({ where: { id: story.id } })).status).toBe("DRAFT");
    });
  });
});
