import { join } from "node:path";
import { FileStore } from "@tus/file-store";

/**
 * Where resumable uploads collect their bytes until complete: `<MEDIA_DIR>/.uploads`, a name no
 * media key can reach (keys never start with a dot). The web process writes here; the workers
 * remove uploads left unfinished past their expiry, so the same MEDIA_DIR must be visible to
 * both (true for the default single-machine install; see docs/media.md).
 */
export function uploadStore(config: { MEDIA_DIR: string; MEDIA_UPLOAD_EXPIRY_HOURS: number }): FileStore {
  return new FileStore({
    directory: join(config.MEDIA_DIR, ".uploads"),
    expirationPeriodInMilliseconds: config.MEDIA_UPLOAD_EXPIRY_HOURS * 3600 * 1000,
  });
}

/** Scratch space for processing (downloads, encodes), on the disk that is sized for media. */
export function processingTempDir(config: { MEDIA_DIR: string }): string {
  return join(config.MEDIA_DIR, ".work");
}
