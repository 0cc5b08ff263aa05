import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { enqueueMediaJob } from "@/lib/queue/media-queue";
import type { MediaJob } from "@/lib/queue/queues";
import { parseInput } from "@/lib/validation";
import type { WorkspaceContext } from "@/lib/workspaces/context";
import { ingestMedia } from "./ingest-media";
import { type ProcessingOptionsInput, processingOptionsSchema } from "./processing-options";
import type { MediaStorage } from "./storage";

const inputSchema = z
  .object({
    bytes: z.instanceof(Uint8Array, { message: "No file was received." }),
    originalName: z.string().max(10_000),
    brandId: z.string().min(1).max(100).optional(),
  })
  .and(processingOptionsSchema);

export type StoreMediaAssetInput = {
  bytes: Buffer;
  originalName: string;
  brandId?: string;
} & ProcessingOptionsInput;

/**
 * Stores an uploaded file that is already in memory (a server action, the REST API's multipart
 * upload) for the workspace, optionally for one brand, with the processing choices (fit, focal
 * point, split long video). Returns the new MediaAsset in status PROCESSING: the workers turn it
 * into its 9:16 story rendition and it becomes READY (or FAILED with `errorMessage`); only READY
 * assets can be scheduled. Pass `deps.enqueue` to process some other way (in-line, or a test's
 * queue); the default is the media queue.
 *
 * Everything that can refuse the upload (role, brand, name, size, content) runs before a byte
 * is written, and a failed insert removes the file again, so a refusal leaves nothing behind.
 * The limit comes in through `deps` because use cases do not read configuration.
 */
export async function storeMediaAsset(
  deps: { db: Db; storage: MediaStorage; maxBytes: number; enqueue?: (job: MediaJob) => Promise<void> },
  ctx: WorkspaceContext,
  input: StoreMediaAssetInput,
) {
  const { bytes, originalName, brandId, ...options } = parseInput(inputSchema, input);
  return ingestMedia({ ...deps, enqueue: deps.enqueue ?? ((job) => enqueueMediaJob(job)) }, ctx, {
    source: { bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
    originalName,
    brandId,
    options,
  });
}
