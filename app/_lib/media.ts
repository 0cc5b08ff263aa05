import "server-only";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { inProcessMediaDeps } from "@/lib/media/in-process-deps";
import { processMediaAsset } from "@/lib/media/process-media-asset";
import type { MediaJob } from "@/lib/queue/queues";

/**
 * Processes an upload inside the request instead of on the media queue, for the one form that
 * uploads and schedules in the same step (the brand page's "new story"): scheduling needs a
 * READY asset. A file that cannot be processed is refused with the processing's own reason.
 * Everything else (the media library, the REST API) queues processing.
 */
export async function processMediaNow(job: MediaJob): Promise<void> {
  const outcome = await processMediaAsset(inProcessMediaDeps(env()), job);
  if (outcome !== "failed") return;
  const asset = await db().mediaAsset.findFirst({
    where: { id: job.assetId, workspaceId: job.workspaceId },
    select: { errorMessage: true },
  });
  const message = asset?.errorMessage ?? "This file could not be processed.";
  throw new AppError("INVALID_INPUT", message, { fields: { file: message } });
}
