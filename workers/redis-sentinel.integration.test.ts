import { randomUUID } from "node:crypto";
import { Queue, Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bullOptions, closeBullConnections } from "@/lib/queue/queues";
import { createRedisClient, type RedisTarget } from "@/lib/redis/topology";
import { eventually } from "@/test/publishing/pipeline-test-kit";
import { haveRedisBinaries, startRedisSentinels } from "@/test/redis/redis-cluster";

/**
 * Sentinel smoke test: the app's command client and a BullMQ queue and worker reach a master
 * through REDIS_SENTINELS; the master is SIGKILLed, the Sentinel promotes the replica, and both
 * carry on against it without being restarted.
 */
const available = await haveRedisBinaries();
if (!available)
  console.warn("redis-server or redis-cli is not installed: the Redis Sentinel test is skipped");

describe.runIf(available)("behind Redis Sentinel", () => {
  let sentinels: Awaited<ReturnType<typeof startRedisSentinels>>;
  let target: RedisTarget;
  beforeAll(async () => {
    sentinels = await startRedisSentinels({ masterPort: 7110, replicaPort: 7111, sentinelPorts: [7112] });
    target = {
      kind: "sentinel",
      sentinels: sentinels.sentinels,
      name: sentinels.name,
      url: "redis://127.0.0.1",
    };
  }, 60_000);
  afterAll(async () => {
    await closeBullConnections();
    await sentinels?.stop();
  });

  it("commands and jobs go on after a failover to the replica", async () => {
    const client = createRedisClient(target, { maxRetriesPerRequest: 1, connectTimeout: 5_000 });
    client.on("error", () => undefined);
    const prefix = `test-${randomUUID()}`;
    const queue = new Queue("sentinel-smoke", bullOptions(target, "sentinel-smoke", prefix));
    const done: string[] = [];
    const worker = new Worker(
      "sentinel-smoke",
      async (job) => {
        done.push(String(job.data.n));
      },
      bullOptions(target, "sentinel-smoke", prefix),
    );
    worker.on("error", () => undefined);
    try {
      await client.set("storyrelay:sentinel-smoke", "before");
      await queue.add("n", { n: "before" });
      await eventually(
        async () => done.length,
        (n) => n === 1,
        15_000,
      );

      const { recoveredInMs } = await sentinels.killMaster();
      const reconnectStarted = Date.now();
      // A command may fail while the client learns the new master; it must succeed soon after.
      await eventually(
        () =>
          client.set("storyrelay:sentinel-smoke", "after").then(
            () => true,
            () => false,
          ),
        (ok) => ok,
        30_000,
      );
      await queue.add("n", { n: "after" });
      await eventually(
        async () => done.length,
        (n) => n === 2,
        30_000,
      );
      console.log(
        `redis sentinel: replica promoted ${recoveredInMs} ms after the master was SIGKILLed; ` +
          `commands and jobs through again ${Date.now() - reconnectStarted} ms later`,
      );
      expect(done).toEqual(["before", "after"]);
      expect(await client.get("storyrelay:sentinel-smoke")).toBe("after");
    } finally {
      await worker.close();
      await queue.close();
      client.disconnect();
    }
  }, 90_000);
});
