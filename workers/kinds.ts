import { INBOX_QUEUE } from "@/lib/queue/inbox-queue";
import { publishShardName } from "@/lib/queue/publish-queues";
import { QUEUES } from "@/lib/queue/queues";
import { WEBHOOK_QUEUE } from "@/lib/queue/webhook-queue";

/**
 * The worker processes a deployment runs (docs/decisions/041-worker-kinds.md). `publish` is the
 * lane someone waits on within seconds and must stay small: a story going out, the mail, webhooks,
 * chat posts and inbox deliveries it causes. `media` is the heavy and slow lane: sharp and ffmpeg,
 * plan imports, data exports' ZIPs, insight readings hours apart and the deletion sweep. `all`
 * runs both in one process, for a single small host and for the tests that want every queue.
 */
export const WORKER_KINDS = ["publish", "media"] as const;
export type WorkerKind = (typeof WORKER_KINDS)[number];

/**
 * The queues each kind consumes. Each entry (workers/publish.ts, workers/media.ts) refuses to
 * report ready unless the workers it started are exactly these, so this list cannot drift from
 * what runs; scripts/worker-kinds.test.ts checks that the kinds together consume every queue.
 */
export function queuesOf(kind: WorkerKind, publishShards: number): string[] {
  switch (kind) {
    case "publish":
      return [
        QUEUES.mail,
        QUEUES.dispatch,
        ...Array.from({ length: publishShards }, (_, shard) => publishShardName(shard)),
        WEBHOOK_QUEUE,
        INBOX_QUEUE,
      ];
    case "media":
      return [QUEUES.media, QUEUES.planImport, QUEUES.dataExport, QUEUES.insights];
  }
}
