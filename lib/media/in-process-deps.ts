import { db } from "@/lib/db/client";
import type { Env } from "@/lib/env";
import { resolveFfmpegBinaries } from "./ffmpeg";
import type { MediaProcessorDeps } from "./process-media-asset";
import { mediaStorage } from "./storage-config";
import { processingTempDir } from "./upload-store";

/** What processMediaAsset needs to run outside the media worker: in a request, or in a test. */
export function inProcessMediaDeps(config: Env): MediaProcessorDeps {
  return {
    db: db(),
    storage: mediaStorage(),
    binaries: () => resolveFfmpegBinaries(config),
    tempDir: processingTempDir(config),
  };
}
