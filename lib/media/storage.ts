import { randomUUID } from "node:crypto";
import { copyFile, type FileHandle, mkdir, open, rename, rm, stat } from "node:fs/promises";
import { dirname, join, resolve, sep } from "node:path";
import { AppError } from "@/lib/errors";
import { isMediaKey } from "./media-key";

/** Inclusive byte offsets, as in an HTTP Range header. */
export type ByteRange = { start: number; end: number };

/**
 * Where media bytes live. Deliberately small (whole-object put, ranged streaming get, stat,
 * delete) so that an S3-compatible store maps onto it one call each: PutObject, GetObject with
 * Range, HeadObject, DeleteObject. Keys come from `newMediaKey`; any other key is refused.
 */
export interface MediaStorage {
  /** Stores the bytes under `key`; readers see either nothing or the whole file, never a part. */
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** Like `put`, from a local file that is streamed rather than read into memory (large videos). */
  putFile(key: string, path: string): Promise<void>;
  /** The bytes (or the inclusive `range` of them) as a stream, or null when nothing is stored under `key`. */
  get(key: string, range?: ByteRange): Promise<ReadableStream<Uint8Array> | null>;
  stat(key: string): Promise<{ sizeBytes: number } | null>;
  /** Removes the object; nothing happens when it does not exist. */
  delete(key: string): Promise<void>;
}

function invalidKey(key: string): AppError {
  return new AppError("INVALID_INPUT", `${JSON.stringify(key.slice(0, 200))} is not a media storage key.`);
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === "ENOENT" || code === "ENOTDIR";
}

// Big enough to keep syscalls few, small enough that a slow reader holds little memory.
const CHUNK_BYTES = 256 * 1024;

/**
 * A pull-based stream over part of a file: the next chunk is read only when the consumer asks,
 * so a slow platform fetcher downloading a large video never makes us buffer it.
 */
function fileStream(handle: FileHandle, start: number, end: number): ReadableStream<Uint8Array> {
  let position = start;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await handle.close();
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const remaining = end + 1 - position;
          const buffer = remaining > 0 ? Buffer.allocUnsafe(Math.min(CHUNK_BYTES, remaining)) : null;
          const bytesRead = buffer ? (await handle.read(buffer, 0, buffer.length, position)).bytesRead : 0;
          if (!buffer || bytesRead === 0) {
            await close();
            controller.close();
            return;
          }
          position += bytesRead;
          controller.enqueue(buffer.subarray(0, bytesRead));
        } catch (error) {
          await close().catch(() => {});
          controller.error(error);
        }
      },
      cancel: close,
    },
    { highWaterMark: 0 },
  );
}

/** Files under one root directory, the key being the relative path. The default store. */
export class LocalDiskMediaStorage implements MediaStorage {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  // Keys are ours by construction, but a key also arrives from a URL: check its shape, then
  // check again that the resolved path stays under the root, so no key can reach another file.
  private pathOf(key: string): string {
    if (!isMediaKey(key)) throw invalidKey(key);
    const path = resolve(this.root, key);
    if (!path.startsWith(this.root + sep)) throw invalidKey(key);
    return path;
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    // Written next to its final name and renamed into place: rename is atomic on one file system,
    // so a crash or a full disk leaves a stray temp file, never a truncated file under the key.
    const temp = join(dirname(path), `.tmp-${randomUUID()}`);
    try {
      const handle = await open(temp, "wx");
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  async putFile(key: string, source: string): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    const temp = join(dirname(path), `.tmp-${randomUUID()}`);
    try {
      await copyFile(source, temp);
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  async get(key: string, range?: ByteRange): Promise<ReadableStream<Uint8Array> | null> {
    const path = this.pathOf(key);
    let handle: FileHandle;
    try {
      handle = await open(path, "r");
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
    try {
      const { size } = await handle.stat();
      const start = range?.start ?? 0;
      const end = Math.min(range?.end ?? size - 1, size - 1);
      return fileStream(handle, start, end);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  async stat(key: string): Promise<{ sizeBytes: number } | null> {
    const path = this.pathOf(key);
    try {
      const info = await stat(path);
      return info.isFile() ? { sizeBytes: info.size } : null;
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }
}
