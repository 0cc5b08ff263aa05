import { describe, expect, it } from "vitest";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import type { StoryStatus, TargetState } from "@/lib/db/generated/enums";
import { env } from "@/lib/env";
import {
  makeBrand,
  makeMediaAsset,
  makeMember,
  makeSandboxChannels,
  makeWorkspace,
} from "@/prisma/factories";
import { jpeg } from "@/test/media/media-fixtures";
import { getHomeOverview, HOME_LIST_LIMIT } from "./get-home-overview";

// The home page's data against the real database. Rows are written directly in the states the
// home lists (the pipeline that reaches them has its own tests); the clock is fixed so "next 24
// hours" and "last 24 hours" are exact. Each test has its own workspace.

const NOW = new Date("2026-12-05T12:00:00Z");
const HOUR = 3_600_000;
const at = (hoursFromNow: number) => new Date(NOW.getTime() + hoursFromNow * HOUR);

async function brandWithChannel(workspaceId: string, name?: string) {
  const brand = await makeBrand(db(), workspaceId, name ? { name } : {});
  const [channel] = await makeSandboxChannels(db(), secretBoxFromEnv(env()), brand, ["INSTAGRAM"]);
  if (!channel) throw new Error("no channel made");
  return { brand, channel };
}

/** A story in `status` with one image frame and one target on `channelId`. */
async function story(
  workspaceId: string,
  brandId: string,
  channelId: string,
  fields: {
    title: string;
    status: StoryStatus;
    scheduledAt?: Date | null;
    publishedAt?: Date | null;
    targetState?: TargetState;
    lastErrorMessage?: string;
  },
) {
  const asset = await makeMediaAsset(db(), workspaceId, {
    kind: "IMAGE",
    bytes: jpeg({ seed: 7 }),
    mimeType: "image/jpeg",
  });
  await db().mediaAsset.update({
    where: { id: asset.id },
    data: {
      renditions: {
        thumbnail: {
          storageKey: `${workspaceId}/${asset.id}-thumb.jpg`,
          mimeType: "image/jpeg",
          width: 180,
          height: 320,
          sizeBytes: 1000,
        },
      },
    },
  });
  const row = await db().story.create({
    data: {
      workspaceId,
      brandId,
      title: fields.title,
      status: fields.status,
      scheduledAt: fields.scheduledAt === undefined ? at(1) : fields.scheduledAt,
      publishedAt: fields.publishedAt ?? null,
    },
  });
  await db().storyFrame.create({
    data: { workspaceId, storyId: row.id, position: 0, mediaAssetId: asset.id },
  });
  await db().storyTarget.create({
    data: {
      workspaceId,
      storyId: row.id,
      channelId,
      state: fields.targetState ?? "PENDING",
      lastErrorMessage: fields.lastErrorMessage ?? null,
    },
  });
  return row;
}

const titles = (list: { items: { title: string }[] }) => list.items.map((s) => s.title);

describe("getHomeOverview", () => {
  it("an empty workspace has no brand, channel or story: every first step is still to do", async () => {
    const { ctx } = await makeWorkspace(db());
    const home = await getHomeOverview(db(), ctx, NOW);
    expect(home.firstSteps).toEqual({ brand: false, channel: false, story: false });
    expect(home.brands).toEqual([]);

    const brand = await makeBrand(db(), ctx.workspaceId);
    expect((await getHomeOverview(db(), ctx, NOW)).firstSteps).toEqual({
      brand: true,
      channel: false,
      story: false,
    });
    const [channel] = await makeSandboxChannels(db(), secretBoxFromEnv(env()), brand, ["FACEBOOK"]);
    expect((await getHomeOverview(db(), ctx, NOW)).firstSteps.channel).toBe(true);
    await story(ctx.workspaceId, brand.id, channel?.id ?? "", { title: "Draft", status: "DRAFT" });
    expect((await getHomeOverview(db(), ctx, NOW)).firstSteps).toEqual({
      brand: true,
      channel: true,
      story: true,
    });
  });

  it("lists failing, in-review, next-24-hours and last-24-hours stories, each only where it belongs", async () => {
    const { ctx } = await makeWorkspace(db());
    const { brand, channel } = await brandWithChannel(ctx.workspaceId);
    const make = (fields: Parameters<typeof story>[3]) =>
      story(ctx.workspaceId, brand.id, channel.id, fields);
    await make({
      title: "failed",
      status: "FAILED",
      scheduledAt: at(-3),
      targetState: "FAILED",
      lastErrorMessage: "Instagram refused the picture.",
    });
    await make({ title: "partly", status: "PARTIAL", scheduledAt: at(-2), publishedAt: at(-2) });
    await make({ title: "failed long ago", status: "FAILED", scheduledAt: at(-24 * 8) });
    await make({ title: "review", status: "IN_REVIEW", scheduledAt: at(30) });
    await make({ title: "soon", status: "SCHEDULED", scheduledAt: at(2) });
    await make({ title: "approved soon", status: "APPROVED", scheduledAt: at(5) });
    await make({ title: "tomorrow night", status: "SCHEDULED", scheduledAt: at(25) });
    await make({ title: "draft soon", status: "DRAFT", scheduledAt: at(3) });
    await make({ title: "canceled soon", status: "CANCELED", scheduledAt: at(4) });
    await make({ title: "went out", status: "PUBLISHED", scheduledAt: at(-5), publishedAt: at(-5) });
    await make({
      title: "went out yesterday",
      status: "PUBLISHED",
      scheduledAt: at(-30),
      publishedAt: at(-30),
    });

    const home = await getHomeOverview(db(), ctx, NOW);
    expect(titles(home.failing)).toEqual(["partly", "failed"]);
    expect(titles(home.inReview)).toEqual(["review"]);
    expect(titles(home.upcoming)).toEqual(["soon", "approved soon"]);
    expect(titles(home.recent)).toEqual(["partly", "went out"]);

    const failed = home.failing.items.find((s) => s.title === "failed");
    expect(failed?.targets).toEqual([
      expect.objectContaining({ state: "FAILED", lastErrorMessage: "Instagram refused the picture." }),
    ]);
    expect(failed?.brand).toEqual({ id: brand.id, name: brand.name, timeZone: brand.timeZone });
    // Frames come with the small rendition to show, never just a file name.
    expect(failed?.frames).toEqual([
      expect.objectContaining({ thumbnailKey: expect.stringMatching(/-thumb\.jpg$/) }),
    ]);
    expect(failed?.frameCount).toBe(1);
  });

  it("keeps each list bounded and says how many more there are", async () => {
    const { ctx } = await makeWorkspace(db());
    const { brand, channel } = await brandWithChannel(ctx.workspaceId);
    for (let i = 0; i < HOME_LIST_LIMIT + 2; i++) {
      await story(ctx.workspaceId, brand.id, channel.id, {
        title: `upcoming ${i}`,
        status: "SCHEDULED",
        scheduledAt: at(1 + i),
      });
    }
    const home = await getHomeOverview(db(), ctx, NOW);
    expect(home.upcoming.items).toHaveLength(HOME_LIST_LIMIT);
    expect(home.upcoming.items[0]?.title).toBe("upcoming 0");
    expect(home.upcoming.more).toBe(2);
    expect(home.failing.more).toBe(0);
  });

  it("lists channels that need reconnecting or whose token runs out within 7 days", async () => {
    const { ctx } = await makeWorkspace(db());
    const brand = await makeBrand(db(), ctx.workspaceId);
    const [reauth, expiring, fine, noExpiry] = await makeSandboxChannels(
      db(),
      secretBoxFromEnv(env()),
      brand,
      ["INSTAGRAM", "FACEBOOK", "WHATSAPP"],
    ).then(async (made) => [
      ...made,
      ...(await makeSandboxChannels(db(), secretBoxFromEnv(env()), brand, ["INSTAGRAM"])),
    ]);
    if (!reauth || !expiring || !fine || !noExpiry) throw new Error("channels not made");
    await db().channel.update({
      where: { id: reauth.id },
      data: { status: "NEEDS_REAUTH", statusReason: "The token was revoked." },
    });
    await db().channel.update({ where: { id: expiring.id }, data: { tokenExpiresAt: at(24 * 6) } });
    await db().channel.update({ where: { id: fine.id }, data: { tokenExpiresAt: at(24 * 8) } });

    const home = await getHomeOverview(db(), ctx, NOW);
    expect(home.channels.items.map((c) => c.id)).toEqual([reauth.id, expiring.id]);
    expect(home.channels.items[0]).toMatchObject({
      statusReason: "The token was revoked.",
      brand: { id: brand.id },
    });
    expect(home.channels.more).toBe(0);
  });

  it("shows a member limited to some brands only those brands' stories and channels", async () => {
    const { ctx, workspace } = await makeWorkspace(db());
    const mine = await brandWithChannel(ctx.workspaceId, "Mine");
    const theirs = await brandWithChannel(ctx.workspaceId, "Not mine");
    for (const { brand, channel } of [mine, theirs]) {
      const make = (fields: Parameters<typeof story>[3]) =>
        story(ctx.workspaceId, brand.id, channel.id, fields);
      await make({ title: `${brand.name} failed`, status: "FAILED", scheduledAt: at(-1) });
      await make({ title: `${brand.name} review`, status: "IN_REVIEW" });
      await make({ title: `${brand.name} soon`, status: "SCHEDULED", scheduledAt: at(2) });
      await make({
        title: `${brand.name} out`,
        status: "PUBLISHED",
        scheduledAt: at(-2),
        publishedAt: at(-2),
      });
      await db().channel.update({ where: { id: channel.id }, data: { status: "NEEDS_REAUTH" } });
    }
    const limited = await makeMember(db(), workspace, "EDITOR", { brandIds: [mine.brand.id] });

    const home = await getHomeOverview(db(), limited, NOW);
    expect(home.brands.map((b) => b.name)).toEqual(["Mine"]);
    expect(titles(home.failing)).toEqual(["Mine failed"]);
    expect(titles(home.inReview)).toEqual(["Mine review"]);
    expect(titles(home.upcoming)).toEqual(["Mine soon"]);
    expect(titles(home.recent)).toEqual(["Mine out"]);
    expect(home.channels.items.map((c) => c.id)).toEqual([mine.channel.id]);

    // The owner sees both brands.
    const everything = await getHomeOverview(db(), ctx, NOW);
    expect(titles(everything.failing).sort()).toEqual(["Mine failed", "Not mine failed"]);
    expect(everything.channels.items).toHaveLength(2);
  });

  it("never shows another workspace's stories or channels", async () => {
    const { ctx } = await makeWorkspace(db());
    const other = await makeWorkspace(db());
    const { brand, channel } = await brandWithChannel(other.ctx.workspaceId);
    const make = (fields: Parameters<typeof story>[3]) =>
      story(other.ctx.workspaceId, brand.id, channel.id, fields);
    await make({ title: "elsewhere failed", status: "FAILED", scheduledAt: at(-1) });
    await make({ title: "elsewhere review", status: "IN_REVIEW" });
    await make({ title: "elsewhere soon", status: "SCHEDULED", scheduledAt: at(2) });
    await make({ title: "elsewhere out", status: "PUBLISHED", scheduledAt: at(-2), publishedAt: at(-2) });
    await db().channel.update({ where: { id: channel.id }, data: { status: "NEEDS_REAUTH" } });

    const home = await getHomeOverview(db(), ctx, NOW);
    expect(home.brands).toEqual([]);
    for (const list of [home.failing, home.inReview, home.upcoming, home.recent, home.channels]) {
      expect(list).toEqual({ items: [], more: 0 });
    }
    expect(home.firstSteps).toEqual({ brand: false, channel: false, story: false });
    // The other workspace does see its own.
    expect(titles((await getHomeOverview(db(), other.ctx, NOW)).failing)).toEqual(["elsewhere failed"]);
  });
});
