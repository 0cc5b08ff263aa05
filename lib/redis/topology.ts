import { Cluster, Redis, type RedisOptions } from "ioredis";
import type { Env } from "@/lib/env";

type HostPort = { host: string; port: number };

/**
 * Where Redis is: one server (a redis:// URL), a Redis Cluster (seed nodes) or a master watched
 * by Sentinels. Everything that connects to Redis (the command client, pub/sub subscribers,
 * every BullMQ Queue and Worker) builds its connection from one of these, so a deployment
 * switches topology by configuration alone (docs/decisions/038-redis-topologies.md). A plain
 * URL string is accepted wherever a target is, so tests keep passing `env().REDIS_URL`.
 */
export type RedisTarget =
  | string
  | { kind: "cluster"; nodes: HostPort[]; url: string }
  | { kind: "sentinel"; sentinels: HostPort[]; name: string; url: string };

/** The configured target: REDIS_CLUSTER_NODES or REDIS_SENTINELS when set, else REDIS_URL. */
export function redisTargetOf(
  config: Pick<Env, "REDIS_URL" | "REDIS_CLUSTER_NODES" | "REDIS_SENTINELS" | "REDIS_SENTINEL_NAME">,
): RedisTarget {
  if (config.REDIS_CLUSTER_NODES)
    return { kind: "cluster", nodes: config.REDIS_CLUSTER_NODES, url: config.REDIS_URL };
  if (config.REDIS_SENTINELS && config.REDIS_SENTINEL_NAME)
    return {
      kind: "sentinel",
      sentinels: config.REDIS_SENTINELS,
      name: config.REDIS_SENTINEL_NAME,
      url: config.REDIS_URL,
    };
  return config.REDIS_URL;
}

/**
 * What the URL adds beside the nodes: credentials and TLS for every topology, and the database
 * for a Sentinel-watched master (a Cluster has only database 0).
 */
function urlOptions(url: string, withDatabase: boolean): RedisOptions {
  const parsed = new URL(url);
  const db = Number(parsed.pathname.slice(1) || "0");
  return {
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(parsed.protocol === "rediss:" ? { tls: {} } : {}),
    ...(withDatabase && Number.isInteger(db) ? { db } : {}),
  };
}

/** The ioredis options of a Sentinel target, with `options` on top. */
export function sentinelOptionsOf(
  target: Extract<RedisTarget, { kind: "sentinel" }>,
  options: RedisOptions = {},
): RedisOptions {
  return { sentinels: target.sentinels, name: target.name, ...urlOptions(target.url, true), ...options };
}

/**
 * A new client of the target. Typed as `Redis` for every topology: a Cluster client answers the
 * same single-key commands, pub/sub, MULTI and pipelines (as long as their keys share a slot,
 * which the callers see to), and one type keeps every consumer's signature as it was.
 */
export function createRedisClient(target: RedisTarget, options: RedisOptions = {}): Redis {
  if (typeof target === "string") return new Redis(target, options);
  if (target.kind === "sentinel") return new Redis(sentinelOptionsOf(target, options));
  return new Cluster(target.nodes, {
    redisOptions: { ...urlOptions(target.url, false), ...options },
    // While a replica takes over a failed master the cluster answers CLUSTERDOWN for a few
    // seconds: keep retrying (ioredis refreshes the slot map) rather than failing at once.
    retryDelayOnClusterDown: 200,
    retryDelayOnFailover: 200,
  }) as unknown as Redis;
}
