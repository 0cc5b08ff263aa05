import { z } from "zod";
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

/** Connection options every BullMQ Queue and Worker uses (Workers require maxRetriesPerRequest null). */
export function bullConnection(redisUrl: string) {
  return { url: redisUrl, maxRetriesPerRequest: null } as const;
}
