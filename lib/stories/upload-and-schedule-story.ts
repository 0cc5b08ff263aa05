import { getBrand } from "@/lib/brands/get-brand";
import { AppError } from "@/lib/errors";
import type { MediaStorage } from "@/lib/media/storage";
import { storeMediaAsset } from "@/lib/media/store-media-asset";
import type { MediaJob } from "@/lib/queue/queues";
import { parseInput } from "@/lib/validation";
import { assertCan, type WorkspaceContext } from "@/lib/workspaces/context";
import { resolveScheduleTime } from "./resolve-schedule-time";
import { horizonOf, type ScheduleDeps, scheduleStory } from "./schedule-story";
import { type ScheduleStoryInput, scheduleStorySchema } from "./schemas";

export type UploadAndScheduleDeps = ScheduleDeps & {
  storage: MediaStorage;
  /** MEDIA_MAX_BYTES: the largest file accepted. */
  maxBytes: number;
  /**
   * Turns a stored upload into its story rendition before the story is scheduled, since only a
   * READY asset can be. The web processes it inside the request and throws the processing's own
   * reason when the file cannot be used.
   */
  processMedia: (job: MediaJob) => Promise<void>;
};

/** A story's fields with its frames still as files: the brand page's "new story" form. */
export type UploadAndScheduleInput = Omit<ScheduleStoryInput, "frames"> & {
  files: { bytes: Buffer; name: string }[];
};

/**
 * Uploads a story's files into the media library (for the story's brand) and schedules the story
 * with them as its frames, in that order. What can be refused without the files (no file, the
 * fields, the brand, the time) is checked before the first byte is stored, so a form refused for
 * its time or channels does not leave its files behind in the library; a refusal after that (a
 * file that cannot be processed, a platform check) leaves the stored files as library assets,
 * as an upload would. Returns what scheduleStory returns (the story and its warnings).
 */
export async function uploadAndScheduleStory(
  deps: UploadAndScheduleDeps,
  ctx: WorkspaceContext,
  input: UploadAndScheduleInput,
) {
  assertCan(ctx, "stories:edit", "schedule stories");
  const { files, ...story } = input;
  if (files.length === 0) {
    const message = "Choose at least one image or video.";
    throw new AppError("INVALID_INPUT", message, { fields: { files: message } });
  }
  const { when, brandId } = parseInput(scheduleStorySchema, story);
  const brand = await getBrand(deps.db, ctx, brandId);
  resolveScheduleTime(when, brand.timeZone, deps.now?.() ?? new Date(), horizonOf(deps));

  const media = { db: deps.db, storage: deps.storage, maxBytes: deps.maxBytes, enqueue: deps.processMedia };
  const frames: string[] = [];
  for (const file of files) {
    const asset = await storeMediaAsset(media, ctx, { bytes: file.bytes, originalName: file.name, brandId });
    frames.push(asset.id);
  }
  return scheduleStory(deps, ctx, { ...story, frames });
}
