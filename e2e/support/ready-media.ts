import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { inProcessMediaDeps } from "@/lib/media/in-process-deps";
import { processMediaAsset } from "@/lib/media/process-media-asset";
import { mediaStorage } from "@/lib/media/storage-config";
import { storeMediaAsset } from "@/lib/media/store-media-asset";
import type { MediaJob } from "@/lib/queue/queues";
import type { WorkspaceContext } from "@/lib/workspaces/context";

/**
 * A spec's starting media: stored as an upload is, then processed here and now, as the workers
 * would (sharp, ffmpeg), so the asset is READY before the spec opens a page. Its `checksum` is
 * then the platform-ready file's: what the simulators' ledger and phone page show.
 */
export async function readyMediaAsset(
  ctx: WorkspaceContext,
  input: { bytes: Buffer; originalName: string; brandId: string },
) {
  const config = env();
  const jobs: MediaJob[] = [];
  const stored = await storeMediaAsset(
    {
      db: db(),
      storage: mediaStorage(),
      maxBytes: config.MEDIA_MAX_BYTES,
      enqueue: async (job) => {
        jobs.push(job);
      },
    },
    ctx,
    input,
  );
  for (const job of jobs) {
    const outcome = await processMediaAsset(inProcessMediaDeps(config), job);
    if (outcome === "failed") throw new Error(`fixture ${input.originalName} could not be processed`);
  }
  return db().mediaAsset.findUniqueOrThrow({ where: { id: stored.id } });
}
