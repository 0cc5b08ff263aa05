import { randomUUID } from "node:crypto";

/**
 * Storage keys are ours, never a user's file name: `<workspaceId>/<uuid>.<ext>`. Each segment is
 * plain ASCII letters, digits, `-` and `_` (plus one extension dot), so a key is safe as a file
 * path on any disk, as an S3 object key, and inside a URL without escaping (Instagram refuses
 * media URLs that are not US-ASCII).
 *
 * A segment may not start with a dot: that rules out `.` and `..` and keeps the storage's own
 * temporary files (`.tmp-*`) out of reach of any key, signed or not.
 */
const SEGMENT = "[A-Za-z0-9_-][A-Za-z0-9_-]{0,127}";
const MEDIA_KEY = new RegExp(`^(?:${SEGMENT}/){1,4}${SEGMENT}\\.[a-z0-9]{1,8}$`);

export function isMediaKey(key: string): boolean {
  return key.length <= 512 && MEDIA_KEY.test(key);
}

export function newMediaKey(workspaceId: string, extension: string): string {
  const key = `${workspaceId}/${randomUUID()}.${extension}`;
  if (!isMediaKey(key)) throw new Error(`Cannot build a media key from workspace "${workspaceId}"`);
  return key;
}

const CONTENT_TYPES: Record<string, string> = {
  jpg: "image/jpeg",
  png: "image/png",
  mp4: "video/mp4",
  mov: "video/quicktime",
};

/**
 * The Content-Type for a key, from the extension we chose when we sniffed the bytes. Serving
 * therefore needs no database read, and works the same when the bytes live on S3.
 */
export function contentTypeOfKey(key: string): string {
  const extension = key.slice(key.lastIndexOf(".") + 1);
  return CONTENT_TYPES[extension] ?? "application/octet-stream";
}
