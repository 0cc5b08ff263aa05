import { QUEUES } from "@/lib/queue/queues";
import { startDeletionSweep } from "./deletion-worker";
import { startExportWorker } from "./export-worker";
import { startImportWorker } from "./import-worker";
import { startInsightsWorker } from "./insights-worker";
import { startMediaWorker } from "./media-worker";
import { startRetentionSweep } from "./retention-sweep";
import type { KindContext, RunningKind } from "./run-workers";

/**
 * The media kind (workers/kinds.ts): what loads sharp and ffmpeg (uploads), or holds a CPU or a
 * disk for long (plan imports, data exports' ZIPs), or may be minutes late without anyone
 * noticing (insight readings, the deletion and retention sweeps). None of it shares an event
 * loop, or a heap, with a publish burst.
 */
export async function startMediaKind({ config, logger }: KindContext): Promise<RunningKind> {
  const media = startMediaWorker({ config, logger: logger.child({ queue: QUEUES.media }) });
  const imports = startImportWorker({ config, logger: logger.child({ queue: QUEUES.planImport }) });
  const insights = startInsightsWorker({ config, logger: logger.child({ queue: QUEUES.insights }) });
  const exports = startExportWorker({ config, logger: logger.child({ queue: QUEUES.dataExport }) });
  const deletions = startDeletionSweep({ config, logger: logger.child({ sweep: "deletion" }) });
  // Batched deletes of old attempts and sent outboxes (decision 040): kept off the publish lane.
  const retention = startRetentionSweep({ config, logger: logger.child({ sweep: "retention" }) });
  return {
    workers: [media.worker, imports.worker, insights.worker, exports.worker],
    async close() {
      deletions.stop();
      retention.stop();
      await Promise.all([media.close(), imports.close(), insights.close(), exports.close()]);
    },
  };
}
