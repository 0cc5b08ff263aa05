import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { createLogger } from "@/lib/logger";
import { createPublishQueues, type PublishQueues } from "@/lib/queue/publish-queues";
import {
  makeBrand,
  makeMediaAsset,
  makeMember,
  makeSandboxChannels,
  makeWorkspace,
} from "@/prisma/factories";
import { expectAppError } from "@/test/assert/expect-app-error";
import { jpeg } from "@/test/media/media-fixtures";
import { getStory } from "./get-story";
import { listStories } from "./list-stories";
import { scheduleStory } from "./schedule-story";

describe("getStory and listStories", () => {
  let queues: PublishQueues;
  beforeAll(() => {
    // Nothing consumes this prefix: the stories stay as scheduled.
    queues = createPublishQueues(env().REDIS_URL, `test-${randomUUID()}`);
  });
  afterAll(async () => {
    await queues.dispatch.obliterate({ force: true }).catch(() => undefined);
    await queues.close();
  });

  async function brandWithChannels(workspaceId: string) {
    const brand = await makeBrand(db(), workspaceId, { timeZone: "America/New_York" });
    const channels = await makeSandboxChannels(db(), secretBoxFromEnv(env()), brand);
    return { brand, channels };
  }

  /** A workspace with its owner's context and one brand with a sandbox channel per platform. */
  async function workspaceWithBrand() {
    const { workspace, ctx } = await makeWorkspace(db());
    return { workspace, ctx, ...(await brandWithChannels(workspace.id)) };
  }

  async function schedule(
    ctx: Parameters<typeof scheduleStory>[1],
    brand: { id: string; workspaceId: string },
    channelIds: string[],
    local: string,
    title = "",
  ) {
    const frames = await Promise.all(
      [1, 2].map((seed) =>
        makeMediaAsset(db(), brand.workspaceId, {
          kind: "IMAGE",
          bytes: jpeg({ seed }),
          mimeType: "image/jpeg",
        }),
      ),
    );
    // Set in 2099, far from the real clock: a horizon of a century reaches it.
    const deps = { db: db(), queues, logger: createLogger("test", "silent"), scheduleHorizonDays: 100 * 365 };
    return scheduleStory(deps, ctx, {
      brandId: brand.id,
      title,
      channelIds,
      frames: frames.map((f) => f.id),
      when: { local },
    });
  }

  it("shows a story with its frames, targets and attempts, and never a channel's secrets", async () => {
    const { ctx, brand, channels } = await workspaceWithBrand();
    const story = await schedule(
      ctx,
      brand,
      channels.map((c) => c.id),
      "2099-03-01T09:00",
      "Spring menu",
    );
    const [first] = await db().storyTarget.findMany({ where: { storyId: story.id } });
    await db().publishAttempt.createMany({
      data: [
        {
          workspaceId: ctx.workspaceId,
          targetId: first?.id ?? "",
          attemptNumber: 1,
          outcome: "RETRY_SCHEDULED",
          errorClass: "RETRYABLE",
          errorCode: "HTTP 502",
          errorMessage: "Instagram had a hiccup.",
          startedAt: new Date("2099-03-01T14:00:00Z"),
        },
        {
          workspaceId: ctx.workspaceId,
          targetId: first?.id ?? "",
          attemptNumber: 2,
          outcome: "SUCCEEDED",
          startedAt: new Date("2099-03-01T14:00:05Z"),
        },
      ],
    });

    const detail = await getStory(db(), ctx, story.id);
    expect(detail).toMatchObject({
      id: story.id,
      title: "Spring menu",
      status: "SCHEDULED",
      scheduledLocal: "2099-03-01T09:00",
      timeZone: "America/New_York",
      brand: { id: brand.id, name: brand.name, timeZone: "America/New_York" },
    });
    expect(detail.scheduledAt?.toISOString()).toBe("2099-03-01T14:00:00.000Z");
    expect(detail.frames.map((f) => f.position)).toEqual([0, 1]);
    expect(detail.frames[0]?.mediaAsset).toMatchObject({ kind: "IMAGE", mimeType: "image/jpeg" });
    expect(detail.targets.map((t) => t.channel.platform)).toEqual(["INSTAGRAM", "FACEBOOK", "WHATSAPP"]);
    for (const target of detail.targets) {
      expect(target.state).toBe("PENDING");
      expect(target.frames.map((f) => f.position)).toEqual([0, 1]);
      // The platform's public account id (for the sandbox phone's link) is no secret; config is.
      expect(Object.keys(target.channel).sort()).toEqual([
        "displayName",
        "externalAccountId",
        "id",
        "platform",
        "sandbox",
        "status",
      ]);
    }
    const withAttempts = detail.targets.find((t) => t.id === first?.id);
    expect(withAttempts?.attempts.map((a) => a.attemptNumber)).toEqual([2, 1]);
    expect(withAttempts?.attempts[1]).toMatchObject({ errorCode: "HTTP 502", errorClass: "RETRYABLE" });
    expect(JSON.stringify(detail)).not.toMatch(/ciphertext|credential|config/i);
  });

  it("is NOT_FOUND for another workspace's story and for a brand the member cannot see", async () => {
    const mine = await workspaceWithBrand();
    const theirs = await workspaceWithBrand();
    const story = await schedule(
      theirs.ctx,
      theirs.brand,
      [theirs.channels[0]?.id ?? ""],
      "2099-03-01T09:00",
    );
    await expectAppError(getStory(db(), mine.ctx, story.id), "NOT_FOUND");
    await expectAppError(getStory(db(), mine.ctx, "x".repeat(500)), "NOT_FOUND");

    const other = await brandWithChannels(theirs.workspace.id);
    const client = await makeMember(db(), theirs.workspace, "VIEWER", { brandIds: [other.brand.id] });
    await expectAppError(getStory(db(), client, story.id), "NOT_FOUND");
    await expect(
      getStory(db(), await makeMember(db(), theirs.workspace, "VIEWER"), story.id),
    ).resolves.toMatchObject({
      id: story.id,
    });
  });

  it("lists a brand's stories, the latest scheduled first, with their targets' states", async () => {
    const { ctx, brand, channels, workspace } = await workspaceWithBrand();
    const ids = channels.map((c) => c.id);
    const early = await schedule(ctx, brand, ids, "2099-01-01T09:00", "Early");
    const late = await schedule(ctx, brand, ids, "2099-06-01T09:00", "Late");
    const middle = await schedule(ctx, brand, [ids[0] ?? ""], "2099-03-01T09:00", "Middle");
    const elsewhere = await brandWithChannels(workspace.id);
    await schedule(
      ctx,
      elsewhere.brand,
      [elsewhere.channels[0]?.id ?? ""],
      "2099-04-01T09:00",
      "Other brand",
    );

    const list = await listStories(db(), ctx, { brandId: brand.id, limit: 10 });
    expect(list.map((s) => s.id)).toEqual([late.id, middle.id, early.id]);
    expect(list[0]?.targets.map((t) => [t.channel.platform, t.state])).toEqual([
      ["INSTAGRAM", "PENDING"],
      ["FACEBOOK", "PENDING"],
      ["WHATSAPP", "PENDING"],
    ]);
    expect(list[0]?.frames[0]?.mediaAsset?.originalName).toMatch(/^fixture-/);
    expect(list[0]?._count.frames).toBe(2);
    expect(await listStories(db(), ctx, { brandId: brand.id, limit: 2 })).toHaveLength(2);
    expect((await listStories(db(), ctx, { limit: 10 })).map((s) => s.title)).toContain("Other brand");

    const theirs = await makeWorkspace(db());
    await expectAppError(listStories(db(), theirs.ctx, { brandId: brand.id, limit: 10 }), "NOT_FOUND");
    expect(await listStories(db(), theirs.ctx, { limit: 10 })).toEqual([]);
    const client = await makeMember(db(), workspace, "VIEWER", { brandIds: [elsewhere.brand.id] });
    expect((await listStories(db(), client, { limit: 10 })).map((s) => s.title)).toEqual(["Other brand"]);
  });
});
