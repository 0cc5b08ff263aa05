import { randomUUID } from "node:crypto";
import { registerSandboxAccounts } from "@/lib/channels/register-sandbox-accounts";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { createLogger } from "@/lib/logger";
import { createInsightsQueue } from "@/lib/queue/insights-queue";
import { scheduleStory } from "@/lib/stories/schedule-story";
import { createWebhook } from "@/lib/webhooks/create-webhook";
import { makeBrand, makeSandboxChannels, makeWorkspace } from "@/prisma/factories";
import type { SimulatorOptionsInput } from "@/simulators/core/simulator-options";
import { eventually, startPipeline } from "@/test/publishing/pipeline-test-kit";
import { startInsightsWorker } from "@/workers/insights-worker";

/**
 * Insight collection for integration tests: the real pipeline publishes (test/publishing), and
 * insights workers read the simulator's numbers into Postgres. `advance` moves the simulator's
 * clock and the workers' injected `now` together, so a test crosses a story's 24 hours in a few
 * calls. The pipeline publishes on real time (its delayed jobs run on BullMQ's real timers), so
 * the workers' `now` counts from the start of the test (`workspace()`): the simulator stamped
 * the story at real time plus its offset then, Postgres at real time.
 */
export async function startInsightsKit(
  options: { simulator?: SimulatorOptionsInput; redisUrl?: string } = {},
) {
  const pipeline = await startPipeline(options.simulator);
  const box = secretBoxFromEnv(env());
  const logger = createLogger("insights-test", "silent");
  const config = {
    ...env(),
    REDIS_URL: options.redisUrl ?? env().REDIS_URL,
    SIMULATOR_URL: pipeline.simulator.url,
  };
  const prefix = `insights-${randomUUID()}`;
  // The simulator's clock offset, and what it was when the current test began.
  let offsetMs = 0;
  let testStartOffsetMs = 0;
  const now = () => new Date(Date.now() + offsetMs - testStartOffsetMs);

  async function advance(ms: number) {
    const response = await fetch(`${pipeline.simulator.url}/_sim/clock`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ advanceMs: ms }),
    });
    if (!response.ok) throw new Error(`clock refused: ${await response.text()}`);
    offsetMs += ms;
  }

  /** A workspace of the test's own, with a brand and a sandbox channel per platform. */
  async function workspace() {
    testStartOffsetMs = offsetMs;
    const made = await makeWorkspace(db());
    const brand = await makeBrand(db(), made.workspace.id, { timeZone: "Europe/Paris" });
    const channels = await makeSandboxChannels(db(), box, brand);
    await registerSandboxAccounts({ db: db(), box, simulatorUrl: pipeline.simulator.url, logger });
    const channel = (platform: "INSTAGRAM" | "FACEBOOK" | "WHATSAPP") => {
      const found = channels.find((c) => c.platform === platform);
      if (!found) throw new Error(`no ${platform} channel`);
      return found;
    };
    return { ...made, brand, channels, channel };
  }
  type Space = Awaited<ReturnType<typeof workspace>>;

  /**
   * Publishes a story of `frames` images on every channel of the workspace now, and waits until
   * it went out. The pipeline runs on real time, so this happens before `advance` is called.
   */
  async function publish(space: Space, frames = 1) {
    const images = [];
    for (let i = 0; i < frames; i++) images.push(await pipeline.image(space.workspace.id));
    const story = await scheduleStory(pipeline.deps, space.ctx, {
      brandId: space.brand.id,
      channelIds: space.channels.map((c) => c.id),
      frames: images.map((image) => image.id),
      when: { now: true },
    });
    return eventually(
      () =>
        db().story.findUniqueOrThrow({
          where: { id: story.id },
          include: {
            targets: { include: { channel: true, frames: { orderBy: { position: "asc" } } } },
          },
        }),
      (s) => s.status === "PUBLISHED",
      30_000,
    );
  }

  /** An endpoint subscribed to story.insights_final (deliveries are only recorded: nobody sends them here). */
  async function subscribe(space: Space) {
    return createWebhook({ db: db(), box, allowPrivate: true }, space.ctx, {
      url: "http://127.0.0.1:9/insights-receiver",
      events: ["story.insights_final"],
    });
  }

  const workers: ReturnType<typeof startInsightsWorker>[] = [];
  function startWorker(space: Space, sweepIntervalMs = 100) {
    const worker = startInsightsWorker({
      config,
      logger,
      prefix,
      sweepIntervalMs,
      sweepWorkspaceId: space.workspace.id,
      now,
    });
    workers.push(worker);
    return worker;
  }

  /** How many insights reads the simulator answered (or refused). */
  async function insightCalls(): Promise<number> {
    const response = await fetch(`${pipeline.simulator.url}/_sim/calls`);
    const body = (await response.json()) as Record<string, unknown>;
    const calls = (body.data ?? body) as Record<string, number>;
    return calls["instagram.insights"] ?? 0;
  }

  /**
   * Stops the test's workers: their sweeps count time from the start of the test that started
   * them, so left running they would find that test's stories due again in the next one.
   */
  async function stopWorkers() {
    for (const worker of workers.splice(0)) await worker.close().catch(() => undefined);
  }

  return {
    pipeline,
    config,
    prefix,
    now,
    advance,
    workspace,
    publish,
    subscribe,
    startWorker,
    stopWorkers,
    insightCalls,
    async close() {
      const queue = createInsightsQueue(config.REDIS_URL, prefix);
      await stopWorkers();
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
      await pipeline.close();
    },
  };
}

export type InsightsKit = Awaited<ReturnType<typeof startInsightsKit>>;
