import { randomUUID } from "node:crypto";
import { INSIGHT_SLOT_AFTER_MS, INSIGHT_SLOTS } from "@/lib/core/insights";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { env } from "@/lib/env";
import { makeBrand, makeMediaAsset, makeSandboxChannels, makeWorkspace } from "@/prisma/factories";
import { jpeg } from "@/test/media/media-fixtures";

const DAY_MS = 86_400_000;

/**
 * One brand's published history for timing the analytics pages: `stories` two-frame stories
 * spread over `days` days up to now, each on Instagram (five snapshots per frame: H1 … FINAL, and
 * its FrameInsight, final), on Facebook and WhatsApp (published, no numbers, as those platforms
 * report none). Written in batches of rows rather than through recordInsightSnapshot, which would
 * take an hour for 100,000 snapshots; the rows are the shape recordInsightSnapshot leaves.
 */
export async function seedInsightHistory(options: { stories: number; days: number }) {
  const { workspace, ctx } = await makeWorkspace(db(), { name: "Analytics Bench" });
  const brand = await makeBrand(db(), workspace.id, { name: "Analytics Bench", timeZone: "Europe/Berlin" });
  const channels = await makeSandboxChannels(db(), secretBoxFromEnv(env()), brand);
  const instagram = channels.find((c) => c.platform === "INSTAGRAM");
  if (!instagram) throw new Error("no sandbox Instagram channel");
  const media = await makeMediaAsset(db(), workspace.id, {
    kind: "IMAGE",
    bytes: jpeg(),
    mimeType: "image/jpeg",
  });
  const now = Date.now();
  const BATCH = 500;
  for (let first = 0; first < options.stories; first += BATCH) {
    const stories = Array.from({ length: Math.min(BATCH, options.stories - first) }, (_, i) => {
      const n = first + i;
      // Spread over the range, at varied hours, so the heatmap has every cell to count.
      const publishedAt = new Date(now - DAY_MS - ((n * 7_919_993) % ((options.days - 1) * DAY_MS)));
      return { n, id: randomUUID(), publishedAt };
    });
    await db().story.createMany({
      data: stories.map((s) => ({
        id: s.id,
        workspaceId: workspace.id,
        brandId: brand.id,
        title: `Bench story ${s.n}`,
        status: "PUBLISHED" as const,
        scheduledAt: s.publishedAt,
        publishedAt: s.publishedAt,
        timeZone: brand.timeZone,
      })),
    });
    const frames = stories.flatMap((s) =>
      [0, 1].map((position) => ({
        id: randomUUID(),
        workspaceId: workspace.id,
        storyId: s.id,
        position,
        mediaAssetId: media.id,
      })),
    );
    await db().storyFrame.createMany({ data: frames });
    const targets = stories.flatMap((s) =>
      channels.map((channel) => ({
        id: randomUUID(),
        workspaceId: workspace.id,
        storyId: s.id,
        channelId: channel.id,
        state: "PUBLISHED" as const,
        publishedAt: s.publishedAt,
        channel,
        story: s,
      })),
    );
    await db().storyTarget.createMany({ data: targets.map(({ channel: _c, story: _s, ...t }) => t) });
    const targetFrames = targets.flatMap((t) =>
      [0, 1].map((position) => ({
        id: randomUUID(),
        workspaceId: workspace.id,
        targetId: t.id,
        frameId: frames.find((f) => f.storyId === t.storyId && f.position === position)?.id ?? "",
        position,
        state: "PUBLISHED" as const,
        externalMediaId: `bench-${t.id}-${position}`,
        publishedAt: new Date(t.publishedAt.getTime() + position * 2_000),
        target: t,
      })),
    );
    await db().storyTargetFrame.createMany({ data: targetFrames.map(({ target: _t, ...f }) => f) });

    const snapshots: Prisma.InsightSnapshotCreateManyInput[] = [];
    const latest: Prisma.FrameInsightCreateManyInput[] = [];
    for (const frame of targetFrames.filter((f) => f.target.channel.id === instagram.id)) {
      // Deterministic numbers per story: a reach that varies by story, 80 % of it on frame 2.
      const base = 200 + ((frame.target.story.n * 37) % 800);
      const reach = frame.position === 0 ? base : Math.floor(base * 0.8);
      for (const slot of INSIGHT_SLOTS) {
        const grown = Math.floor((reach * INSIGHT_SLOT_AFTER_MS[slot]) / INSIGHT_SLOT_AFTER_MS.FINAL);
        snapshots.push({
          workspaceId: workspace.id,
          targetId: frame.targetId,
          targetFrameId: frame.id,
          slot,
          source: "POLL",
          outcome: "OK",
          capturedAt: new Date(frame.publishedAt.getTime() + INSIGHT_SLOT_AFTER_MS[slot]),
          ...numbersFor(grown),
        });
      }
      latest.push({
        targetFrameId: frame.id,
        workspaceId: workspace.id,
        brandId: brand.id,
        storyId: frame.target.storyId,
        targetId: frame.targetId,
        channelId: instagram.id,
        platform: "INSTAGRAM",
        position: frame.position,
        lastFrame: frame.position === 1,
        contentType: "PHOTO",
        publishedAt: frame.publishedAt,
        capturedAt: new Date(frame.publishedAt.getTime() + INSIGHT_SLOT_AFTER_MS.FINAL),
        outcome: "OK",
        final: true,
        ...numbersFor(reach),
      });
    }
    await db().insightSnapshot.createMany({ data: snapshots });
    await db().frameInsight.createMany({ data: latest });
  }
  await db().$executeRawUnsafe("ANALYZE");
  const snapshots = await db().insightSnapshot.count({ where: { workspaceId: workspace.id } });
  return { workspace, ctx, brand, snapshots };
}

function numbersFor(reach: number) {
  const tapForward = Math.floor(reach * 0.6);
  const tapBack = Math.floor(reach * 0.1);
  const tapExit = Math.floor(reach * 0.15);
  const swipeForward = Math.floor(reach * 0.1);
  return {
    reach,
    views: Math.floor(reach * 1.3),
    replies: Math.floor(reach / 20),
    shares: Math.floor(reach / 40),
    follows: Math.floor(reach / 50),
    profileVisits: Math.floor(reach / 10),
    totalInteractions: Math.floor(reach / 20) + Math.floor(reach / 40) + Math.floor(reach / 50),
    navigation: tapForward + tapBack + tapExit + swipeForward,
    tapForward,
    tapBack,
    tapExit,
    swipeForward,
  };
}
