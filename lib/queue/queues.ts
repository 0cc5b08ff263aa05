import type { ConnectionOptions } from "bullmq";
import type { Redis } from "ioredis";
import { z } from "zod";
import { createRedisClient, type RedisTarget, sentinelOptionsOf } from "@/lib/redis/topology";
import { jobMetaSchema } from "./job-meta";

/** Queue names and payload schemas: parsed when a job is added and again when it is processed. */
export const QUEUES = {
  mail: "mail",
  /** One delayed job per story version, due shortly before the story; fans out to publish jobs. */
  dispatch: "story-dispatch",
  /** One job per target (story × channel); the database decides what it may still do. */
  publish: "target-publish",
  /** One job per uploaded media file: fit, encode and thumbnail it (lib/media/process-media-asset.ts). */
  media: "media",
  /** One job per plan import (lib/import/run-import-job.ts); the ImportJob row is the truth. */
  planImport: "plan-import",
  /**
   * One job per published frame and insight slot (lib/insights/collect-insight.ts); the
   * frame's publishedAt and its InsightSnapshot rows are the truth (lib/queue/insights-queue.ts).
   */
  insights: "insights",
  /** One job per data export (lib/exports/run-data-export.ts); the DataExport row is the truth. */
  dataExport: "data-export",
} as const;

export const mailJobSchema = z.object({
  to: z.email(),
  subject: z.string().min(1).max(200),
  text: z.string().min(1).max(20_000),
  meta: jobMetaSchema,
});
export type MailJob = z.infer<typeof mailJobSchema>;

export const dispatchJobSchema = z.object({
  storyId: z.string().min(1),
  workspaceId: z.string().min(1),
  version: z.number().int().positive(),
  meta: jobMetaSchema,
});
export type DispatchJob = z.infer<typeof dispatchJobSchema>;

export const publishJobSchema = z.object({
  targetId: z.string().min(1),
  workspaceId: z.string().min(1),
  storyVersion: z.number().int().positive(),
  meta: jobMetaSchema,
});
export type PublishJob = z.infer<typeof publishJobSchema>;

export const mediaJobSchema = z.object({
  assetId: z.string().min(1),
  workspaceId: z.string().min(1),
  meta: jobMetaSchema,
});
export type MediaJob = z.infer<typeof mediaJobSchema>;

export const planImportJobSchema = z.object({
  importJobId: z.string().min(1),
  workspaceId: z.string().min(1),
});
export type PlanImportJob = z.infer<typeof planImportJobSchema>;

export const dataExportJobSchema = z.object({
  exportId: z.string().min(1),
  workspaceId: z.string().min(1),
});
export type DataExportJob = z.infer<typeof dataExportJobSchema>;

/** BullMQ job ids: stable, so adding a job that is already queued is a no-op (the sweep relies on it). */
export const dispatchJobId = (job: DispatchJob) => `dispatch-${job.storyId}-v${job.version}`;
export const publishJobId = (job: Pick<PublishJob, "targetId">) => `publish-${job.targetId}`;
export const mediaJobId = (job: Pick<MediaJob, "assetId">) => `media-${job.assetId}`;
export const planImportJobId = (job: Pick<PlanImportJob, "importJobId">) => `import-${job.importJobId}`;
export const dataExportJobId = (job: Pick<DataExportJob, "exportId">) => `export-${job.exportId}`;

/**
 * Connection and key prefix of every BullMQ Queue, Worker and QueueEvents of `queueName`: the one
 * place they are built, so each follows the configured Redis topology (decision 038).
 *
 * On a Redis Cluster a queue's Lua scripts touch many of its keys at once, which Redis allows only
 * when they hash to one slot: the prefix carries the queue's own hash tag (`bull:{target-publish-2}`),
 * one per queue, so different queues land on different masters and share the load. On one server
 * or behind Sentinels the prefix stays BullMQ's plain one, so existing deployments keep their keys.
 * Workers need `maxRetriesPerRequest: null` (BullMQ retries their blocking reads itself).
 */
export function bullOptions(
  target: RedisTarget,
  queueName: string,
  prefix?: string,
): { connection: ConnectionOptions; prefix?: string } {
  if (typeof target === "string")
    return { connection: { url: target, maxRetriesPerRequest: null }, ...(prefix ? { prefix } : {}) };
  if (target.kind === "sentinel")
    return {
      connection: sentinelOptionsOf(target, { maxRetriesPerRequest: null }) as ConnectionOptions,
      ...(prefix ? { prefix } : {}),
    };
  return { connection: sharedCluster(target), prefix: `${prefix ?? "bull"}:{${queueName}}` };
}

const holder = globalThis as { storyRelayBullClusters?: Map<string, Redis> };

/**
 * One Cluster client per process for every queue's commands (BullMQ shares a client it is
 * handed and duplicates it for each Worker's blocking reads): a Cluster client keeps a
 * connection to every node, so one per queue would multiply them for nothing.
 */
function sharedCluster(target: Extract<RedisTarget, { kind: "cluster" }>): Redis {
  holder.storyRelayBullClusters ??= new Map();
  const key = JSON.stringify(target);
  let client = holder.storyRelayBullClusters.get(key);
  if (!client) {
    client = createRedisClient(target, { maxRetriesPerRequest: null });
    client.on("error", () => {});
    holder.storyRelayBullClusters.set(key, client);
  }
  return client;
}

/** Closes the shared Cluster clients (after the queues and workers using them are closed). */
export async function closeBullConnections(): Promise<void> {
  const clients = [...(holder.storyRelayBullClusters?.values() ?? [])];
  holder.storyRelayBullClusters?.clear();
  await Promise.all(clients.map((client) => client.quit().catch(() => client.disconnect())));
}
