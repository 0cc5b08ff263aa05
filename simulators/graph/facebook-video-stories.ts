import type { FacebookPage, FacebookStory, FacebookVideo } from "../core/entities";
import type { SimState } from "../core/sim-state";
import type { SimRequest } from "../http/read-request";
import { json, type SimResponse } from "../http/sim-response";
import { authenticate, requirePageAccess, requirePageScope } from "./graph-auth";
import { graphError, missingParameter } from "./graph-error";
import { pickFields, requestedFields } from "./graph-fields";
import { facebookVideoError } from "./media-errors";

type VideoStatus = "processing" | "ready" | "error" | "expired";

function videoPhase(state: SimState, video: FacebookVideo): VideoStatus {
  const now = state.now();
  if (video.processingError) return "error";
  if (!video.postId && now >= video.createdAt + state.options.facebook.videoLifetimeMs) return "expired";
  if (video.uploadedAt === undefined) return "processing";
  return now >= video.uploadedAt + state.options.facebook.videoProcessingMs ? "ready" : "processing";
}

/** The `status` object of a video, with its three phases (and Meta's spelling of bytes_transfered). */
export function videoStatusObject(state: SimState, video: FacebookVideo): Record<string, unknown> {
  const status = videoPhase(state, video);
  const uploaded = video.uploadedAt !== undefined;
  const story = video.postId ? state.stories.get(video.postId) : undefined;
  const live = story !== undefined && story.publishedAt <= state.now();
  return {
    video_status: status,
    uploading_phase: {
      status: uploaded ? "complete" : video.bytesTransferred > 0 ? "in_progress" : "not_started",
      bytes_transfered: video.bytesTransferred,
    },
    processing_phase: video.processingError
      ? { status: "error", errors: [video.processingError] }
      : { status: !uploaded ? "not_started" : status === "ready" ? "complete" : "in_progress" },
    publishing_phase: live
      ? {
          status: "complete",
          publish_status: "published",
          publish_time: Math.floor(story.publishedAt / 1000),
        }
      : { status: "not_started", publish_status: "not_published" },
  };
}

// GET /{video-id}?fields=status – upload/processing/publishing progress of a video story
export function readVideo(state: SimState, req: SimRequest, video: FacebookVideo): SimResponse {
  const token = authenticate(state, req);
  requirePageAccess(state, token, video.pageId, req.method, video.id);
  const fields = requestedFields(req, ["id"]);
  return json(pickFields({ id: video.id, status: videoStatusObject(state, video) }, fields));
}

// POST /{page-id}/video_stories – upload_phase=start opens an upload, upload_phase=finish publishes it
export function videoStories(
  state: SimState,
  req: SimRequest,
  page: FacebookPage,
  version: string,
): SimResponse {
  const token = authenticate(state, req);
  requirePageAccess(state, token, page.id, req.method);
  requirePageScope(token, "pages_manage_posts");
  const phase = req.params.get("upload_phase");
  if (phase === "start") {
    const video: FacebookVideo = {
      id: state.ids.numeric("124"),
      pageId: page.id,
      createdAt: state.now(),
      bytesTransferred: 0,
      uploadChunks: [],
      sourceUrl: null,
    };
    state.videos.set(video.id, video);
    return json({
      video_id: video.id,
      upload_url: `${req.origin}/rupload/video-upload/${version}/${video.id}`,
    });
  }
  if (phase !== "finish") {
    if (!phase) throw missingParameter("upload_phase");
    throw graphError({
      code: 100,
      message: `(#100) upload_phase must be one of start, finish (got ${phase})`,
    });
  }
  const videoId = req.params.get("video_id");
  if (!videoId) throw missingParameter("video_id");
  const video = state.videos.get(videoId);
  if (!video || video.pageId !== page.id) {
    throw graphError({
      code: 100,
      message: `(#100) Invalid video_id: ${videoId} is not a video of this Page`,
    });
  }
  const status = videoPhase(state, video);
  if (status === "error") throw facebookVideoError(video.processingError?.message ?? "processing failed");
  if (status === "expired") throw graphError({ code: 100, message: "(#100) The upload session has expired" });
  if (video.uploadedAt === undefined || !video.media) {
    throw graphError({ code: 100, message: "(#100) The video has not been uploaded yet" });
  }
  if (video.postId) {
    throw graphError({ code: 100, message: "(#100) This video has already been published as a story" });
  }
  const media = video.media;
  // finish may come before processing ends: the story goes live when processing does.
  const publishedAt = Math.max(state.now(), video.uploadedAt + state.options.facebook.videoProcessingMs);
  const story: FacebookStory = {
    postId: state.ids.numeric("123"),
    pageId: page.id,
    kind: "video",
    mediaId: video.id,
    sha256: media.sha256,
    publishedAt,
  };
  video.postId = story.postId;
  state.stories.set(story.postId, story);
  state.rememberMedia(media);
  state.recordPublish({
    platform: "facebook",
    accountId: page.id,
    externalId: story.postId,
    mediaSha256: media.sha256,
    mediaType: "video",
    sourceUrl: video.sourceUrl,
    receivedAt: req.receivedAt,
    callerAddress: req.remoteAddress,
    publishedAt,
  });
  return json({ success: true, post_id: story.postId });
}
