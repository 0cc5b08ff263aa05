import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";

/** MediaAsset.checksum: sha256, hex, of the stored bytes. */
export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** The same for a file, streamed: videos are not read into memory. */
export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}
