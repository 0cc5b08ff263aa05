import { registerSandboxAccounts } from "@/lib/channels/register-sandbox-accounts";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import type { PrismaClient } from "@/lib/db/generated/client";
import { env } from "@/lib/env";
import { createLogger } from "@/lib/logger";
import { createPublishQueues } from "@/lib/queue/publish-queues";
import { closeBullConnections } from "@/lib/queue/queues";
import type { RedisTarget } from "@/lib/redis/topology";
import { scheduleStory } from "@/lib/stories/schedule-story";
import { makeBrand, makeMediaAsset, makeSandboxChannels, makeWorkspace } from "@/prisma/factories";
import { startSimulator } from "@/simulators/server";
import { jpeg, mp4 } from "@/test/media/media-fixtures";
import type { MediaServer } from "@/test/simulators/media-server";

/** One frame a target must publish: the ledger holds exactly one entry per such frame when all went well. */
export type BurstFrame = { targetAccount: string; sha256: string };

/**
 * The simulator a burst publishes to: images ready at once and videos in 300 ms, so a burst's
 * lateness is the workers', not the simulated platforms' processing. `host` "0.0.0.0" lets other
 * machines (test hosts) reach it.
 */
export function startBurstSimulator(host?: string) {
  return startSimulator({
    ...(host ? { host } : {}),
    port: 0,
    instagram: { imageProcessingMs: 0, videoProcessingMs: 300 },
    facebook: { videoProcessingMs: 300 },
  });
}

/**
 * A burst of stories for tests with real worker processes (the crash test, the two-hosts test):
 * each story on its own brand's three sandbox channels, one or two images and every tenth a video.
 * Brands, channels and media are made here (the slow part); `schedule()` schedules the stories
 * once the workers are up, due from `firstDueAfterMs` from then on over `spreadMs`, so every story
 * is still in the future when the test's chaos starts.
 */
export async function prepareStoryBurst(options: {
  db: PrismaClient;
  media: MediaServer;
  simulatorUrl: string;
  stories: number;
  spreadMs: number;
  firstDueAfterMs: number;
}) {
  const { db, media, stories } = options;
  const box = secretBoxFromEnv(env());
  const { workspace, ctx } = await makeWorkspace(db);
  const logger = createLogger("story-burst", "silent");
  const frames: BurstFrame[] = [];
  const inputs: { brandId: string; channelIds: string[]; frames: string[] }[] = [];
  const serve = async (kind: "IMAGE" | "VIDEO", seed: number) => {
    const bytes = kind === "IMAGE" ? jpeg({ seed }) : mp4({ durationSeconds: 10, seed });
    const mimeType = kind === "IMAGE" ? "image/jpeg" : "video/mp4";
    const asset = await makeMediaAsset(db, workspace.id, {
      kind,
      bytes,
      mimeType,
      durationMs: kind === "VIDEO" ? 10_000 : undefined,
    });
    media.serve(`/media/${asset.storageKey}`, bytes, mimeType);
    return asset;
  };
  for (let i = 0; i < stories; i++) {
    // One brand per story: Instagram's findPublished matches a live story by time, which is
    // exact only while one account publishes one frame at a time (publisher contract, 8).
    const brand = await makeBrand(db, workspace.id, { timeZone: "UTC" });
    const channels = await makeSandboxChannels(db, box, brand);
    const assets = [await serve("IMAGE", i * 10 + 1)];
    if (i % 2 === 0) assets.push(await serve("IMAGE", i * 10 + 2));
    if (i % 10 === 0) assets.push(await serve("VIDEO", i * 10 + 3));
    inputs.push({
      brandId: brand.id,
      channelIds: channels.map((c) => c.id),
      frames: assets.map((a) => a.id),
    });
    for (const channel of channels)
      for (const asset of assets)
        frames.push({ targetAccount: channel.externalAccountId, sha256: asset.checksum });
  }
  // The workers register sandbox accounts when they start, but a worker killed early may not get
  // through them all before the first story is due, and a publish to an account the simulator
  // does not know flags the channel NEEDS_REAUTH. That race is not what these tests are about.
  await registerSandboxAccounts({ db, box, simulatorUrl: options.simulatorUrl, logger });

  /**
   * Schedules every story, due from `firstDueAfterMs` from now on over `spreadMs`; returns the
   * first due time and the least time any story had left before its due time once scheduled.
   */
  async function schedule(redis: RedisTarget): Promise<{ firstDueAt: number; leastAheadMs: number }> {
    const queues = createPublishQueues(redis);
    const firstDueAt = Date.now() + options.firstDueAfterMs;
    let leastAheadMs = Number.POSITIVE_INFINITY;
    try {
      for (const [i, input] of inputs.entries()) {
        const dueAt = firstDueAt + Math.round((i * options.spreadMs) / stories);
        await scheduleStory({ db, queues, logger }, ctx, {
          ...input,
          when: { at: new Date(dueAt).toISOString() },
        });
        leastAheadMs = Math.min(leastAheadMs, dueAt - Date.now());
      }
    } finally {
      // Closed before the chaos: a producer connection alive through a Redis restart only logs EPIPE.
      await queues.close();
      await closeBullConnections();
    }
    return { firstDueAt, leastAheadMs };
  }
  return { workspace, frames, schedule };
}
