import type { Container, InstagramAccount } from "../core/entities";
import type { SimState } from "../core/sim-state";
import { TIME } from "../core/simulator-options";
import type { SimRequest } from "../http/read-request";
import { json, type SimResponse } from "../http/sim-response";
import { checkImage, checkVideo } from "../media/check-media";
import { fetchMedia } from "../media/fetch-media";
import { authenticate, requireInstagramAccess, requireInstagramScope } from "./graph-auth";
import { graphError, invalidParameter } from "./graph-error";
import { parseUserTags } from "./instagram-user-tags";
import { instagramFetchError, instagramImageError, instagramVideoFailure } from "./media-errors";

export function pruneWindow(times: number[], from: number): void {
  while (times.length > 0 && (times[0] ?? 0) <= from) times.shift();
}

export function instagramVideoSpec(state: SimState) {
  const o = state.options.instagram;
  return {
    maxBytes: o.maxVideoBytes,
    minSeconds: o.minVideoSeconds,
    maxSeconds: o.maxVideoSeconds,
    maxWidth: o.maxVideoWidth,
    minFps: o.minFps,
    maxFps: o.maxFps,
    requireFaststart: o.requireFaststart,
  };
}

/** Downloads and checks a video in the background, as Instagram does after answering with the id. */
async function processVideo(state: SimState, container: Container, url: string): Promise<void> {
  const result = await fetchMedia(url, {
    timeoutMs: state.options.mediaFetchTimeoutMs,
    maxBytes: state.options.instagram.maxVideoBytes,
  });
  container.pending = false;
  if (!result.ok) {
    container.error ??= instagramVideoFailure({ failure: result.failure });
    return;
  }
  container.media = result.media;
  const check = checkVideo(result.media, instagramVideoSpec(state));
  if (!check.ok) container.error ??= instagramVideoFailure({ violation: check.violation });
  else container.facts = check.facts;
}

// POST /{ig-user-id}/media – create a STORIES container from image_url, video_url or a resumable upload
export async function createContainer(
  state: SimState,
  req: SimRequest,
  account: InstagramAccount,
  version: string,
): Promise<SimResponse> {
  const token = authenticate(state, req);
  requireInstagramAccess(state, token, account.id, req.method);
  requireInstagramScope(token, "content_publish");
  const options = state.options.instagram;

  const mediaType = req.params.get("media_type");
  if (mediaType !== "STORIES") {
    throw invalidParameter(
      `media_type must be STORIES: the StoryRelay simulator only simulates story containers (got ${mediaType ?? "none"})`,
    );
  }
  if (options.rejectStoryCaption && req.params.has("caption")) {
    throw invalidParameter("The parameter caption is not supported for stories");
  }
  const imageUrl = req.params.get("image_url");
  const videoUrl = req.params.get("video_url");
  const resumable = req.params.get("upload_type") === "resumable";
  const sources = [imageUrl, videoUrl, resumable ? "resumable" : undefined].filter(Boolean);
  if (sources.length !== 1) {
    throw invalidParameter("Exactly one of image_url, video_url or upload_type=resumable is required");
  }

  const userTags = parseUserTags(req.params.get("user_tags"));

  const now = state.now();
  pruneWindow(account.containerTimes, now - TIME.DAY_MS);
  if (account.containerTimes.length >= options.containersPerWindow) {
    throw graphError({ ...options.containerCapError, isTransient: false });
  }

  const container: Container = {
    id: state.ids.numeric("178"),
    accountId: account.id,
    kind: imageUrl ? "image" : "video",
    source: resumable ? "resumable" : "url",
    sourceUrl: imageUrl ?? videoUrl ?? null,
    createdAt: now,
    processingFrom: now,
    processingMs: imageUrl ? options.imageProcessingMs : options.videoProcessingMs,
    pending: !imageUrl,
    error: req.forcedContainerError,
    userTags,
  };

  if (imageUrl) {
    // Images are downloaded while the create call waits: their errors come back on this call.
    const result = await fetchMedia(imageUrl, {
      timeoutMs: state.options.mediaFetchTimeoutMs,
      maxBytes: options.maxImageBytes,
    });
    if (!result.ok) throw instagramFetchError(imageUrl, result.failure, options.maxImageBytes);
    const check = checkImage(result.media, {
      types: ["jpeg"],
      maxBytes: options.maxImageBytes,
      aspect: options.imageAspect,
    });
    if (!check.ok) throw instagramImageError(check.violation, options.maxImageBytes);
    container.media = result.media;
    container.facts = check.facts;
  }

  account.containerTimes.push(now);
  state.containers.set(container.id, container);
  if (videoUrl) void processVideo(state, container, videoUrl);
  if (resumable) {
    return json({ id: container.id, uri: `${req.origin}/rupload/ig-api-upload/${version}/${container.id}` });
  }
  return json({ id: container.id });
}
