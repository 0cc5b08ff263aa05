import { type ApiRateLimit, createApiRateLimit } from "@/lib/api-keys/api-rate-limit";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { type Db, db } from "@/lib/db/client";
import { env } from "@/lib/env";
import type { DownloadSigning } from "@/lib/exports/export-view";
import type { SendReplyDeps } from "@/lib/inbox/inbox-deps";
import { createLogger, type Logger } from "@/lib/logger";
import { mediaUrlSigner } from "@/lib/media/signed-url";
import type { MediaStorage } from "@/lib/media/storage";
import { mediaStorage } from "@/lib/media/storage-config";
import { messagingSenderFor } from "@/lib/publishers/messaging-registry";
import { createEndpointResolver } from "@/lib/publishing/endpoints";
import { enqueueDataExport } from "@/lib/queue/data-export-queue";
import { enqueueMediaJob } from "@/lib/queue/media-queue";
import { enqueuePlanImport } from "@/lib/queue/plan-import-queue";
import type { PublishQueues } from "@/lib/queue/publish-queues";
import type { DataExportJob, MediaJob, PlanImportJob } from "@/lib/queue/queues";
import { webPublishQueues } from "@/lib/queue/web-publish-queues";
import { redis } from "@/lib/redis/client";

/** What the API's handlers need from outside, built once per web process from configuration. */
export type ApiDeps = {
  db: Db;
  queues: PublishQueues;
  logger: Logger;
  storage: MediaStorage;
  /** Hands an upload to the media workers (tests use their own queue). */
  enqueueMedia: (job: MediaJob) => Promise<void>;
  /** Hands a plan import to the import worker (tests use their own queue). */
  enqueuePlanImport: (job: PlanImportJob) => Promise<void>;
  /** Hands a data export to the export worker (tests use their own queue). */
  enqueueDataExport: (job: DataExportJob) => Promise<void>;
  /** How export download links are signed (PUBLIC_BASE_URL, AUTH_SECRET). */
  exportSigning: DownloadSigning;
  maxMediaBytes: number;
  /** MEDIA_IMPORT_DEADLINE_MS: an import by URL must have its whole file by then. */
  mediaImportDeadlineMs: number;
  allowPrivateUrls: boolean;
  rateLimit: ApiRateLimit;
  /** SCHEDULE_HORIZON_DAYS, for the use cases that schedule. */
  scheduleHorizonDays: number;
  /** Answering through the platforms (tests point the sandbox at their own simulator). */
  inbox: SendReplyDeps;
  /** TRUST_PROXY: whether X-Forwarded-For names the client, for the audit trail. */
  trustProxy: boolean;
};

const holder = globalThis as { storyRelayApiDeps?: ApiDeps };

export function apiDeps(): ApiDeps {
  if (!holder.storyRelayApiDeps) {
    const config = env();
    holder.storyRelayApiDeps = {
      db: db(),
      queues: webPublishQueues(),
      logger: createLogger("api"),
      storage: mediaStorage(),
      enqueueMedia: (job) => enqueueMediaJob(job),
      enqueuePlanImport: (job) => enqueuePlanImport(job),
      enqueueDataExport: (job) => enqueueDataExport(job),
      exportSigning: { baseUrl: config.PUBLIC_BASE_URL, authSecret: config.AUTH_SECRET },
      maxMediaBytes: config.MEDIA_MAX_BYTES,
      mediaImportDeadlineMs: config.MEDIA_IMPORT_DEADLINE_MS,
      allowPrivateUrls: config.ALLOW_PRIVATE_URLS,
      rateLimit: createApiRateLimit(redis(), config.API_RATE_LIMIT_PER_MINUTE),
      scheduleHorizonDays: config.SCHEDULE_HORIZON_DAYS,
      inbox: {
        db: db(),
        redis: redis(),
        box: secretBoxFromEnv(config),
        endpointsFor: createEndpointResolver(config),
        senderFor: messagingSenderFor,
        mediaUrlFor: mediaUrlSigner(config),
      },
      trustProxy: config.TRUST_PROXY,
    };
  }
  return holder.storyRelayApiDeps;
}

/**
 * Integration tests call the route handlers in-process and swap parts (their own BullMQ prefix,
 * a tight rate limit); the handlers themselves always go through apiDeps().
 */
export function setApiDepsForTests(overrides: Partial<ApiDeps>): void {
  holder.storyRelayApiDeps = { ...apiDeps(), ...overrides };
}
