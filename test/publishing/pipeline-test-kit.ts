import { randomUUID } from "node:crypto";
import { Worker } from "bullmq";
import { expect } from "vitest";
import { registerSandboxAccounts } from "@/lib/channels/register-sandbox-accounts";
import { type SecretBox, secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db, sql } from "@/lib/db/client";
import { env } from "@/lib/env";
import { createLogger } from "@/lib/logger";
import { publisherFor } from "@/lib/publishers/registry";
import { createChannelTurns } from "@/lib/publishing/channel-turns";
import type { PipelineDeps } from "@/lib/publishing/deps";
import { createEndpointResolver } from "@/lib/publishing/endpoints";
import { DEFAULT_LEASE_MS } from "@/lib/publishing/timing";
import { createPublishQueues, publishShardName } from "@/lib/queue/publish-queues";
import { bullOptions, QUEUES } from "@/lib/queue/queues";
import { redis } from "@/lib/redis/client";
import { makeBrand, makeMediaAsset, makeSandboxChannels, makeWorkspace } from "@/prisma/factories";
import type { SimulatorOptionsInput } from "@/simulators/core/simulator-options";
import { startSimulator } from "@/simulators/server";
import { jpeg, mp4 } from "@/test/media/media-fixtures";
import { startMediaServer } from "@/test/simulators/media-server";
import { dispatchProcessor, publishProcessor } from "@/workers/publish-processors";

/**
 * The real pipeline for integration tests: Postgres, Redis and BullMQ workers in this process,
 * the simulators and a media origin over HTTP. Each kit has its own BullMQ prefix, workspace and
 * simulator, so test files never see each other's jobs or ledgers.
 */
export async function startPipeline(
  simOptions: SimulatorOptionsInput = {},
  // A box of the test's own (a key rotation's test); the environment's by default.
  options: { box?: SecretBox } = {},
) {
  const simulator = await startSimulator({
    port: 0,
    ...simOptions,
    instagram: { imageProcessingMs: 0, videoProcessingMs: 200, ...simOptions.instagram },
    facebook: { videoProcessingMs: 200, ...simOptions.facebook },
  });
  const media = await startMediaServer();
  const config = env();
  const logger = createLogger("pipeline-test", "silent");
  const prefix = `test-${randomUUID()}`;
  const queues = createPublishQueues(config.REDIS_URL, prefix);
  const box = options.box ?? secretBoxFromEnv(config);
  const deps: PipelineDeps = {
    db: db(),
    sql: sql(),
    box,
    queues,
    logger,
    publisherFor,
    endpointsFor: createEndpointResolver({
      GRAPH_API_VERSION: "v25.0",
      META_GRAPH_URL: "http://127.0.0.1:9/not-meta",
      INSTAGRAM_GRAPH_URL: "http://127.0.0.1:9/not-meta",
      PUBLISH_HTTP_TIMEOUT_MS: 5_000,
      SIMULATOR_URL: simulator.url,
    }),
    mediaUrlFor: (asset) => media.url(`/${asset.storageKey}`),
    channelTurns: createChannelTurns(redis(), `${prefix}:channel-turns`),
    channelCallWait: async () => 0,
    leaseMs: DEFAULT_LEASE_MS,
    now: () => new Date(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
  const workers: Worker[] = [];
  const startWorkers = () => {
    workers.push(
      new Worker(QUEUES.dispatch, dispatchProcessor(deps), {
        ...bullOptions(config.REDIS_URL, QUEUES.dispatch, prefix),
        concurrency: 5,
      }),
      // 20 publish slots in all, over every shard, as a worker process divides its own.
      ...queues.publishShards.map(
        (_, shard) =>
          new Worker(publishShardName(shard), publishProcessor(deps), {
            ...bullOptions(config.REDIS_URL, publishShardName(shard), prefix),
            concurrency: Math.ceil(20 / queues.publishShards.length),
          }),
      ),
    );
  };
  startWorkers();

  const { workspace, ctx } = await makeWorkspace(db());
  const brand = await makeBrand(db(), workspace.id, { timeZone: "America/New_York" });
  const channels = await makeSandboxChannels(db(), box, brand);
  await registerSandboxAccounts({ db: db(), box, simulatorUrl: simulator.url, logger });

  /** A served JPEG asset, in the kit's workspace unless another is named. */
  async function image(ownerWorkspaceId = workspace.id) {
    const bytes = jpeg({ seed: Math.floor(Math.random() * 1e9) });
    const asset = await makeMediaAsset(db(), ownerWorkspaceId, {
      kind: "IMAGE",
      bytes,
      mimeType: "image/jpeg",
    });
    media.serve(`/${asset.storageKey}`, bytes, "image/jpeg");
    return asset;
  }
  async function video() {
    const bytes = mp4({ durationSeconds: 10, seed: Math.floor(Math.random() * 1e9) });
    const asset = await makeMediaAsset(db(), workspace.id, {
      kind: "VIDEO",
      bytes,
      mimeType: "video/mp4",
      durationMs: 10_000,
    });
    media.serve(`/${asset.storageKey}`, bytes, "video/mp4");
    return asset;
  }

  /** The kit brand's sandbox channel of a platform. */
  function channel(platform: "INSTAGRAM" | "FACEBOOK" | "WHATSAPP") {
    const found = channels.find((c) => c.platform === platform);
    if (!found) throw new Error(`the kit has no ${platform} sandbox channel`);
    return found;
  }

  type LedgerEntry = {
    platform: string;
    accountId: string;
    mediaSha256: string;
    externalId: string;
    /** Instagram mentions the story went live with. */
    userTags?: { username: string; x: number; y: number }[];
  };
  /** A POST to the simulators' control API, which must succeed. */
  async function control(path: string, body: Record<string, unknown>): Promise<void> {
    const response = await fetch(`${simulator.url}/_sim/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    expect(response.ok, await response.clone().text()).toBe(true);
  }

  async function ledger(): Promise<LedgerEntry[]> {
    const response = await fetch(`${simulator.url}/_sim/ledger`);
    return ((await response.json()) as { data: LedgerEntry[] }).data;
  }

  return {
    deps,
    simulator,
    media,
    workspace,
    ctx,
    brand,
    channels,
    channel,
    image,
    video,
    ledger,
    fault: (body: Record<string, unknown>) => control("faults", body),
    /** Moves the simulators' clock on (it only moves forward): what they stamp and expire by. */
    advance: (ms: number) => control("clock", { advanceMs: ms }),
    async close() {
      await Promise.all(workers.map((w) => w.close()));
      await queues.dispatch.obliterate({ force: true }).catch(() => undefined);
      for (const shard of queues.publishShards)
        await shard.obliterate({ force: true }).catch(() => undefined);
      await queues.close();
      await Promise.all([simulator.close(), media.close()]);
    },
  };
}

export type Pipeline = Awaited<ReturnType<typeof startPipeline>>;

/** Polls `read` until `done` holds for its result; fails with the last value after `timeoutMs`. */
export async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** No run holds the target: an attempt count read now is not one a run in flight has raised and will give back. */
export const atRest = (t: { leaseToken: string | null; attempts: { outcome: string }[] }) =>
  t.leaseToken === null && t.attempts.every((a) => a.outcome !== "IN_PROGRESS");
