import type { Container, FacebookVideo, TokenRecord } from "../core/entities";
import type { SimState } from "../core/sim-state";
import { canActForInstagram, canActForPage, readToken, tokenProblem } from "../graph/graph-auth";
import { instagramVideoSpec } from "../graph/instagram-create-container";
import { instagramVideoFailure } from "../graph/media-errors";
import type { SimRequest } from "../http/read-request";
import type { RouteMatch } from "../http/route-match";
import { json, SimHttpError, type SimResponse } from "../http/sim-response";
import { checkVideo } from "../media/check-media";
import { describeBytes, type FetchedMedia, fetchMedia } from "../media/fetch-media";

function uploadError(status: number, type: string, message: string, retriable = false): SimHttpError {
  return new SimHttpError(status, { debug_info: { retriable, type, message } });
}

/** rupload takes `Authorization: OAuth <token>` (Bearer and access_token work too). */
function authenticateUpload(state: SimState, req: SimRequest): TokenRecord {
  const value = readToken(req);
  if (!value) throw uploadError(401, "OAuthException", "Missing access token (Authorization: OAuth <token>)");
  const token = state.tokens.get(value);
  if (!token)
    throw uploadError(401, "OAuthException", "Invalid OAuth access token - Cannot parse access token");
  const problem = tokenProblem(state, token);
  if (problem) {
    const body = problem.body as { error: { message: string } };
    throw uploadError(401, "OAuthException", body.error.message);
  }
  return token;
}

interface UploadTarget {
  chunks: Buffer[];
  received: number;
}

/**
 * Receives media for an upload session: either a `file_url` header (we download it) or the bytes
 * themselves with `offset` and `file_size`, possibly in several chunks. Returns the whole file once
 * complete, or undefined while chunks are still missing.
 */
async function receive(
  state: SimState,
  req: SimRequest,
  target: UploadTarget,
  maxBytes: number,
): Promise<FetchedMedia | undefined> {
  const fileUrl = req.headers.file_url;
  if (typeof fileUrl === "string" && fileUrl.length > 0) {
    const result = await fetchMedia(fileUrl, { timeoutMs: state.options.mediaFetchTimeoutMs, maxBytes });
    if (!result.ok) {
      throw uploadError(
        400,
        "ProcessingFailedError",
        `Failed to download file_url: ${result.failure.detail}`,
        true,
      );
    }
    target.received = result.media.bytes.byteLength;
    return result.media;
  }
  const offset = Number(req.headers.offset ?? 0);
  const fileSize = Number(req.headers.file_size);
  if (!Number.isInteger(fileSize) || fileSize <= 0) {
    throw uploadError(
      400,
      "BadRequestError",
      "Missing file_url header, or file_size header for a byte upload",
    );
  }
  if (fileSize > maxBytes) throw uploadError(400, "FileTooLargeError", `file_size over ${maxBytes} bytes`);
  if (offset !== target.received) {
    throw uploadError(
      400,
      "OffsetMismatchError",
      `offset ${offset} does not match the ${target.received} bytes received`,
    );
  }
  if (req.body.byteLength === 0) throw uploadError(400, "BadRequestError", "Empty upload body");
  target.chunks.push(req.body);
  target.received += req.body.byteLength;
  if (target.received > fileSize) throw uploadError(400, "OffsetMismatchError", "More bytes than file_size");
  if (target.received < fileSize) return undefined;
  const bytes = Buffer.concat(target.chunks);
  target.chunks.length = 0;
  return describeBytes(bytes, null);
}

// POST /rupload/ig-api-upload/{v}/{container-id} – resumable upload of an Instagram story video
async function uploadInstagram(state: SimState, req: SimRequest, container: Container): Promise<SimResponse> {
  const token = authenticateUpload(state, req);
  if (!canActForInstagram(state, token, container.accountId)) {
    throw uploadError(403, "PermissionError", "The token cannot upload to this container");
  }
  if (container.source !== "resumable")
    throw uploadError(400, "BadRequestError", "Not a resumable container");
  if (!container.pending) throw uploadError(400, "BadRequestError", "The container already has its media");
  container.uploadChunks ??= [];
  const target = { chunks: container.uploadChunks, received: container.uploadedBytes ?? 0 };
  const media = await receive(state, req, target, state.options.instagram.maxVideoBytes);
  container.uploadedBytes = target.received;
  if (!media) return json({ success: true, message: "Chunk received." });
  container.pending = false;
  container.processingFrom = state.now();
  container.media = media;
  container.sourceUrl = media.sourceUrl;
  const check = checkVideo(media, instagramVideoSpec(state));
  if (check.ok) container.facts = check.facts;
  else container.error ??= instagramVideoFailure({ violation: check.violation });
  return json({ success: true, message: "Upload successful." });
}

// POST /rupload/video-upload/{v}/{video-id} – upload of a Facebook Page video story
async function uploadFacebook(state: SimState, req: SimRequest, video: FacebookVideo): Promise<SimResponse> {
  const token = authenticateUpload(state, req);
  if (!canActForPage(state, token, video.pageId)) {
    throw uploadError(403, "PermissionError", "The token cannot upload to this video");
  }
  if (video.uploadedAt !== undefined)
    throw uploadError(400, "BadRequestError", "The video is already uploaded");
  const o = state.options.facebook;
  const target = { chunks: video.uploadChunks, received: video.bytesTransferred };
  const media = await receive(state, req, target, o.maxVideoBytes);
  video.bytesTransferred = target.received;
  if (!media) return json({ success: true });
  video.uploadedAt = state.now();
  video.media = media;
  video.sourceUrl = media.sourceUrl;
  const check = checkVideo(media, {
    maxBytes: o.maxVideoBytes,
    minSeconds: o.minVideoSeconds,
    maxSeconds: o.maxVideoSeconds,
    minWidth: o.minVideoWidth,
    minHeight: o.minVideoHeight,
    aspect: o.videoAspect,
    minFps: o.minFps,
    maxFps: o.maxFps,
    requireFaststart: false,
  });
  if (!check.ok) video.processingError = { code: 352, message: check.violation.detail };
  return json({ success: true });
}

export function matchRupload(state: SimState, req: SimRequest): RouteMatch | undefined {
  const [kind, version, id, ...rest] = req.path.split("/").filter(Boolean);
  if (!kind || !version || !id || rest.length > 0 || req.method !== "POST") return undefined;
  if (kind === "ig-api-upload") {
    const container = state.containers.get(id);
    if (!container) return undefined;
    return {
      style: "rupload",
      platform: "instagram",
      operation: "upload",
      accountId: container.accountId,
      handle: () => uploadInstagram(state, req, container),
    };
  }
  if (kind === "video-upload") {
    const video = state.videos.get(id);
    if (!video) return undefined;
    return {
      style: "rupload",
      platform: "facebook",
      operation: "video_upload",
      accountId: video.pageId,
      handle: () => uploadFacebook(state, req, video),
    };
  }
  return undefined;
}
