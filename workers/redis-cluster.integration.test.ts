import { describe } from "vitest";
import { defineCrashTest } from "@/test/publishing/crash-scenario";
import { haveRedisBinaries, startRedisCluster } from "@/test/redis/redis-cluster";

/**
 * The crash test (test/publishing/crash-scenario.ts) on a real Redis Cluster of 3 masters and 3
 * replicas: workers reach it through REDIS_CLUSTER_NODES, the publish jobs spread over the
 * shards' hash-tagged queues, and a master is SIGKILLed while stories fall due. A replica takes
 * over its slots; the jobs on them may be lost with it (replication is asynchronous), which the
 * sweep repairs from Postgres. Still every target publishes exactly once.
 */
const PORTS = [7100, 7101, 7102, 7103, 7104, 7105];

const available = await haveRedisBinaries();
if (!available)
  console.warn("redis-server or redis-cli is not installed: the Redis Cluster crash test is skipped");

describe.runIf(available)("on a Redis Cluster", () => {
  defineCrashTest({
    chaosName: "a Redis Cluster master SIGKILLed",
    stories: 40,
    kills: 8,
    // Exactly once is the point here. Lateness is not bounded as tightly as on one server: in one
    // of two runs on a loaded machine, targets held by killed workers around the failover went out
    // 30–40 s late (9 s in the other), a stall not yet explained (BullMQ's blocking reads on the
    // failed master's shard recovering slowly is the suspect). Known weak; see decision 038.
    inFlightP99LimitMs: 60_000,
    async startRedis() {
      const cluster = await startRedisCluster(PORTS);
      return {
        workerEnv: {
          REDIS_URL: `redis://${cluster.nodes[0]?.host}:${cluster.nodes[0]?.port}`,
          REDIS_CLUSTER_NODES: cluster.seeds,
        },
        target: { kind: "cluster", nodes: cluster.nodes, url: "redis://127.0.0.1" },
        events: [
          {
            atShareOfSpread: 0.4,
            async run() {
              const { port, recoveredInMs } = await cluster.killMaster();
              console.log(
                `redis cluster: master :${port} SIGKILLed; a replica took over in ${recoveredInMs} ms`,
              );
            },
          },
        ],
        stop: () => cluster.stop(),
      };
    },
  });
});
