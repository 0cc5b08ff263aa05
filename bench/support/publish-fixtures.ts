import { randomBytes, randomUUID } from "node:crypto";
import { sandboxAccountId, sandboxCredentials } from "@/lib/channels/create-sandbox-channel";
import { channelConfigSchemas } from "@/lib/channels/credentials";
import { DEFAULT_SCHEDULE_HORIZON_DAYS } from "@/lib/core/time-bounds";
import type { SecretBox } from "@/lib/crypto/secret-box";
import type { Db } from "@/lib/db/client";
import type { Platform } from "@/lib/db/generated/enums";
import { enqueueDispatches, type PublishQueues } from "@/lib/queue/publish-queues";
import { DEFAULT_FRESHNESS_MS } from "@/lib/queue/timing";
import { resolveScheduleTime } from "@/lib/stories/resolve-schedule-time";

/**
 * Rows for thousands of stories, written in bulk: the benchmark measures publishing, and one
 * use-case call per story (each with its own transaction and audit row) would make setup take
 * longer than the phases it prepares. The rows are the ones scheduleStory and
 * createSandboxChannel write, minus the audit log.
 */

const PLATFORMS: Platform[] = ["INSTAGRAM", "FACEBOOK", "WHATSAPP"];
const SIM_PLATFORM = { INSTAGRAM: "instagram", FACEBOOK: "facebook", WHATSAPP: "whatsapp" } as const;
const CHUNK = 1_000;

export type BenchChannel = { id: string; platform: Platform; externalAccountId: string; secret: string };
export type BenchBrand = { id: string; channels: BenchChannel[] };

const newId = () => `b${randomUUID().replaceAll("-", "")}`;

async function inChunks<T>(rows: T[], write: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await write(rows.slice(i, i + CHUNK));
}

/** `count` brands in one workspace, each with a sandbox Instagram, Facebook and WhatsApp channel. */
export async function makeBrandsWithChannels(
  db: Db,
  box: SecretBox,
  workspaceId: string,
  count: number,
): Promise<BenchBrand[]> {
  const brands: BenchBrand[] = Array.from({ length: count }, () => ({
    id: newId(),
    channels: PLATFORMS.map((platform) => ({
      id: newId(),
      platform,
      externalAccountId: sandboxAccountId(platform),
      secret: `sandbox_${randomBytes(24).toString("base64url")}`,
    })),
  }));
  await inChunks(brands, (chunk) =>
    db.brand.createMany({
      data: chunk.map((brand, i) => ({
        id: brand.id,
        workspaceId,
        name: `Bench brand ${i}`,
        timeZone: "UTC",
      })),
    }),
  );
  const channels = brands.flatMap((brand) => brand.channels.map((channel) => ({ brand, channel })));
  await inChunks(channels, (chunk) =>
    db.channel.createMany({
      data: chunk.map(({ brand, channel }) => ({
        id: channel.id,
        workspaceId,
        brandId: brand.id,
        platform: channel.platform,
        externalAccountId: channel.externalAccountId,
        displayName: `Bench ${channel.platform.toLowerCase()} ${channel.externalAccountId} (sandbox)`,
        sandbox: true,
        config: channelConfigSchemas[channel.platform].parse({}),
      })),
    }),
  );
  await inChunks(channels, (chunk) =>
    db.channelCredential.createMany({
      data: chunk.map(({ channel }) => ({
        workspaceId,
        channelId: channel.id,
        ...box.seal(JSON.stringify(sandboxCredentials(channel.platform, channel.secret)), channel.id),
      })),
    }),
  );
  return brands;
}

/** Tells the simulator about every channel's account (what registerSandboxAccounts does, in parallel). */
export async function registerAccounts(simulatorUrl: string, brands: BenchBrand[]): Promise<void> {
  const channels = brands.flatMap((brand) => brand.channels);
  const PARALLEL = 32;
  for (let i = 0; i < channels.length; i += PARALLEL) {
    await Promise.all(
      channels.slice(i, i + PARALLEL).map(async (channel) => {
        const response = await fetch(`${simulatorUrl}/_sim/accounts`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            platform: SIM_PLATFORM[channel.platform],
            id: channel.externalAccountId,
            name: channel.externalAccountId,
            token: channel.secret,
          }),
        });
        if (!response.ok) throw new Error(`simulator refused an account: ${await response.text()}`);
      }),
    );
  }
}

export type ScheduledTarget = {
  id: string;
  storyId: string;
  scheduledAt: number;
  platform: Platform;
  externalAccountId: string;
};

/**
 * Schedules one single-frame story per entry on all of its brand's channels, as scheduleStory
 * would (SCHEDULED, version 1, frames, targets, target frames, freshness deadline), and adds each
 * story's dispatch job due DISPATCH_LEAD_MS before it. `title` tags the rows of one phase.
 */
export async function scheduleStories(
  db: Db,
  queues: PublishQueues,
  input: {
    workspaceId: string;
    authorId: string;
    mediaAssetId: string;
    title: string;
    stories: { brand: BenchBrand; scheduledAt: Date }[];
  },
): Promise<ScheduledTarget[]> {
  const now = new Date();
  const rows = input.stories.map(({ brand, scheduledAt }) => ({
    brand,
    storyId: newId(),
    frameId: newId(),
    scheduledAt,
    time: resolveScheduleTime({ at: scheduledAt.toISOString() }, "UTC", now, DEFAULT_SCHEDULE_HORIZON_DAYS),
    targets: brand.channels.map((channel) => ({ id: newId(), frameRowId: newId(), channel })),
  }));
  const workspaceId = input.workspaceId;
  await inChunks(rows, (chunk) =>
    db.story.createMany({
      data: chunk.map((row) => ({
        id: row.storyId,
        workspaceId,
        brandId: row.brand.id,
        authorId: input.authorId,
        title: input.title,
        status: "SCHEDULED" as const,
        scheduledAt: row.time.scheduledAt,
        scheduledLocal: row.time.scheduledLocal,
        timeZone: row.time.timeZone,
        freshnessDeadline: new Date(row.time.scheduledAt.getTime() + DEFAULT_FRESHNESS_MS),
      })),
    }),
  );
  await inChunks(rows, (chunk) =>
    db.storyFrame.createMany({
      data: chunk.map((row) => ({
        id: row.frameId,
        workspaceId,
        storyId: row.storyId,
        position: 0,
        mediaAssetId: input.mediaAssetId,
      })),
    }),
  );
  const targets = rows.flatMap((row) => row.targets.map((target) => ({ row, target })));
  await inChunks(targets, (chunk) =>
    db.storyTarget.createMany({
      data: chunk.map(({ row, target }) => ({
        id: target.id,
        workspaceId,
        storyId: row.storyId,
        channelId: target.channel.id,
      })),
    }),
  );
  await inChunks(targets, (chunk) =>
    db.storyTargetFrame.createMany({
      data: chunk.map(({ row, target }) => ({
        id: target.frameRowId,
        workspaceId,
        targetId: target.id,
        frameId: row.frameId,
        position: 0,
      })),
    }),
  );
  // A live database has planner statistics; a freshly bulk-loaded one has none until autovacuum
  // gets to it, and the pipeline's queries then pick plans that walk the whole workspace.
  await db.$executeRawUnsafe(`ANALYZE "Story", "StoryFrame", "StoryTarget", "StoryTargetFrame", "Channel"`);
  await inChunks(rows, (chunk) =>
    enqueueDispatches(
      queues,
      chunk.map((row) => ({
        id: row.storyId,
        workspaceId,
        brandId: row.brand.id,
        version: 1,
        scheduledAt: row.scheduledAt,
      })),
    ),
  );
  return targets.map(({ row, target }) => ({
    id: target.id,
    storyId: row.storyId,
    scheduledAt: row.scheduledAt.getTime(),
    platform: target.channel.platform,
    externalAccountId: target.channel.externalAccountId,
  }));
}
