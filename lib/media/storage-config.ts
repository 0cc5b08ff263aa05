import { type Env, env } from "@/lib/env";
import { S3MediaStorage } from "./s3-storage";
import { LocalDiskMediaStorage, type MediaStorage } from "./storage";

/** The store configuration names: MEDIA_STORAGE=local (MEDIA_DIR) or s3 (the S3_* variables). */
export function mediaStorageFrom(
  config: Pick<
    Env,
    | "MEDIA_STORAGE"
    | "MEDIA_DIR"
    | "S3_BUCKET"
    | "S3_REGION"
    | "S3_ENDPOINT"
    | "S3_ACCESS_KEY_ID"
    | "S3_SECRET_ACCESS_KEY"
    | "S3_FORCE_PATH_STYLE"
  >,
): MediaStorage {
  if (config.MEDIA_STORAGE === "local") return new LocalDiskMediaStorage(config.MEDIA_DIR);
  // lib/env.ts requires these when MEDIA_STORAGE=s3; checked again so the types say so.
  if (!config.S3_BUCKET || !config.S3_ACCESS_KEY_ID || !config.S3_SECRET_ACCESS_KEY)
    throw new Error("MEDIA_STORAGE=s3 needs S3_BUCKET, S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY.");
  return new S3MediaStorage({
    bucket: config.S3_BUCKET,
    region: config.S3_REGION,
    endpoint: config.S3_ENDPOINT,
    accessKeyId: config.S3_ACCESS_KEY_ID,
    secretAccessKey: config.S3_SECRET_ACCESS_KEY,
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
  });
}

let cached: MediaStorage | undefined;

/** The process's media store: local disk under MEDIA_DIR, or S3-compatible storage when MEDIA_STORAGE=s3. */
export function mediaStorage(): MediaStorage {
  cached ??= mediaStorageFrom(env());
  return cached;
}
