import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { createLogger } from "@/lib/logger";
import { processMediaAsset } from "@/lib/media/process-media-asset";
import { LocalDiskMediaStorage } from "@/lib/media/storage";
import { createPublishQueues, type PublishQueues } from "@/lib/queue/publish-queues";
import { dispatchJobId, type MediaJob } from "@/lib/queue/queues";
import { makeBrand, makeSandboxChannels, makeWorkspace } from "@/prisma/factories";
import { expectAppError } from "@/test/assert/expect-app-error";
import { jpeg } from "@/test/media/media-fixtures";
import { testBinaries } from "@/test/media/test-media";
import { type UploadAndScheduleDeps, uploadAndScheduleStory } from "./upload-and-schedule-story";

// The brand page's "new story": files uploaded into the media library, processed, and scheduled
// as the story's frames, with real Postgres, Redis (the dispatch queue) and media storage on disk.

describe("uploadAndScheduleStory", () => {
  let root: string;
  let queues: PublishQueues;
  let deps: UploadAndScheduleDeps;
  const box = secretBoxFromEnv(env());
  const DAY = 24 * 3_600_000;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "storyrelay-upload-schedule-"));
    const storage = new LocalDiskMediaStorage(root);
    // Nothing consumes this prefix: the stories stay scheduled and their jobs stay in the queue.
    queues = createPublishQueues(env().REDIS_URL, `test-${randomUUID()}`);
    const processor = { db: db(), storage, binaries: testBinaries, tempDir: join(root, ".work") };
    deps = {
      db: db(),
      queues,
      logger: createLogger("test", "silent"),
      storage,
      maxBytes: 50 * 1024 * 1024,
      // As the web does: process in line, and refuse with the processing's reason.
      processMedia: async (job: MediaJob) => {
        if ((await processMediaAsset(processor, job)) === "failed") throw new Error("processing failed");
      },
    };
  });
  afterAll(async () => {
    await queues.dispatch.obliterate({ force: true }).catch(() => undefined);
    await queues.close();
    await rm(root, { recursive: true, force: true });
  });

  async function brandWithChannels(timeZone = "Europe/Berlin") {
    const { workspace, ctx } = await makeWorkspace(db());
    const brand = await makeBrand(db(), workspace.id, { timeZone });
    const channels = await makeSandboxChannels(db(), box, brand);
    return { ctx, brand, channels };
  }

  const assetsOf = (workspaceId: string) =>
    db().mediaAsset.findMany({ where: { workspaceId }, orderBy: { createdAt: "asc" } });

  it("stores the files for the brand, processes them, and schedules them as the story's frames in order", async () => {
    const { ctx, brand, channels } = await brandWithChannels();
    const day = new Date(Date.now() + 3 * DAY).toISOString().slice(0, 10);
    const story = await uploadAndScheduleStory(deps, ctx, {
      brandId: brand.id,
      title: "Summer sale",
      channelIds: channels.map((c) => c.id),
      when: { local: `${day}T09:30` },
      files: [
        { bytes: jpeg({ width: 1080, height: 1920 }), name: "first.jpg" },
        { bytes: jpeg({ width: 720, height: 1280 }), name: "second.jpg" },
      ],
    });

    expect(story).toMatchObject({
      status: "SCHEDULED",
      title: "Summer sale",
      scheduledLocal: `${day}T09:30`,
      timeZone: "Europe/Berlin",
    });
    const assets = await assetsOf(ctx.workspaceId);
    expect(assets.map((a) => [a.originalName, a.status, a.brandId])).toEqual([
      ["first.jpg", "READY", brand.id],
      ["second.jpg", "READY", brand.id],
    ]);
    const frames = await db().storyFrame.findMany({
      where: { storyId: story.id, workspaceId: ctx.workspaceId },
      orderBy: { position: "asc" },
    });
    expect(frames.map((f) => f.mediaAssetId)).toEqual(assets.map((a) => a.id));
    const targets = await db().storyTarget.findMany({ where: { storyId: story.id } });
    expect(targets.map((t) => t.channelId).sort()).toEqual(channels.map((c) => c.id).sort());
    expect(
      await queues.dispatch.getJob(
        dispatchJobId({ storyId: story.id, workspaceId: ctx.workspaceId, version: story.version }),
      ),
    ).toBeTruthy();
  });

  it("refuses a past time, a missing file or another workspace's brand before storing any file", async () => {
    const { ctx, brand, channels } = await brandWithChannels();
    const other = await brandWithChannels();
    const input = {
      brandId: brand.id,
      title: "Too late",
      channelIds: channels.map((c) => c.id),
      when: { local: "2020-01-01T09:00" },
      files: [{ bytes: jpeg({ width: 1080, height: 1920 }), name: "late.jpg" }],
    };

    const late = await expectAppError(uploadAndScheduleStory(deps, ctx, input), "INVALID_INPUT");
    expect(Object.keys(late.details.fields ?? {})).toEqual(["when"]);
    const empty = await expectAppError(
      uploadAndScheduleStory(deps, ctx, { ...input, files: [] }),
      "INVALID_INPUT",
    );
    expect(empty.details.fields).toEqual({ files: "Choose at least one image or video." });
    const day = new Date(Date.now() + 3 * DAY).toISOString().slice(0, 10);
    await expectAppError(
      uploadAndScheduleStory(deps, other.ctx, { ...input, when: { local: `${day}T09:00` } }),
      "NOT_FOUND",
    );

    expect(await assetsOf(ctx.workspaceId)).toEqual([]);
    expect(await assetsOf(other.ctx.workspaceId)).toEqual([]);
    expect(
      await db().story.count({ where: { workspaceId: { in: [ctx.workspaceId, other.ctx.workspaceId] } } }),
    ).toBe(0);
  });

  it("lets only a role that schedules stories upload them", async () => {
    const { ctx, brand, channels } = await brandWithChannels();
    const day = new Date(Date.now() + 3 * DAY).toISOString().slice(0, 10);
    const viewer = { ...ctx, role: "VIEWER" as const };
    await expectAppError(
      uploadAndScheduleStory(deps, viewer, {
        brandId: brand.id,
        channelIds: channels.map((c) => c.id),
        when: { local: `${day}T09:00` },
        files: [{ bytes: jpeg({ width: 1080, height: 1920 }), name: "viewer.jpg" }],
      }),
      "FORBIDDEN",
    );
    expect(await assetsOf(ctx.workspaceId)).toEqual([]);
  });
});
