import { z } from "zod";
import { AppError } from "@/lib/errors";
import { linkStoryFilter } from "./review-link-stories";
import { type ClientRequest, openForRequest, type ReviewLinkDeps } from "./review-request";

const frameIdSchema = z.string().trim().min(1).max(100);

/**
 * The stored file behind one frame of one of the link's stories, for the review page's images and
 * videos. A frame of a story outside the link, or a media asset that is no frame of the link's
 * stories (even of the same workspace), is "not found": the link reaches its stories' media only.
 */
export async function getReviewMedia(
  deps: ReviewLinkDeps,
  token: string,
  frameId: string,
  request: ClientRequest,
) {
  const link = await openForRequest(deps, token, request);
  const id = frameIdSchema.safeParse(frameId);
  const frame = id.success
    ? await deps.db.storyFrame.findFirst({
        where: { id: id.data, workspaceId: link.workspaceId, story: linkStoryFilter(link) },
        select: { mediaAsset: { select: { storageKey: true, mimeType: true, status: true } } },
      })
    : null;
  if (!frame?.mediaAsset) throw new AppError("NOT_FOUND", "This file is not part of this review link.");
  return frame.mediaAsset;
}
