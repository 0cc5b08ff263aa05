import type { MediaViolation } from "../media/check-media";
import type { FetchFailure } from "../media/fetch-media";
import {
  graphError,
  imageTooLarge,
  mediaDownloadTimeout,
  mediaFetchFailed,
  unsupportedAspectRatio,
  unsupportedImageFormat,
} from "./graph-error";

/** Instagram's answer to a media URL it could not download. */
export function instagramFetchError(url: string, failure: FetchFailure, maxBytes: number) {
  if (failure.reason === "timeout") return mediaDownloadTimeout();
  if (failure.reason === "too_large") return imageTooLarge(maxBytes);
  return mediaFetchFailed(url);
}

/** Instagram's answer to an image that downloaded but breaks the story spec. */
export function instagramImageError(violation: MediaViolation, maxBytes: number) {
  if (violation.kind === "image_too_large") return imageTooLarge(maxBytes);
  if (violation.kind === "image_aspect") return unsupportedAspectRatio(violation.ratio ?? 0);
  return unsupportedImageFormat();
}

/** Subcode and status text of an Instagram video container that failed processing. */
export function instagramVideoFailure(problem: { failure: FetchFailure } | { violation: MediaViolation }): {
  subcode: number;
  message: string;
} {
  if ("failure" in problem) {
    if (problem.failure.reason === "timeout") return { subcode: 2207003, message: "download timed out" };
    if (problem.failure.reason === "too_large") return { subcode: 2207026, message: "video file too large" };
    return { subcode: 2207052, message: `media could not be fetched: ${problem.failure.detail}` };
  }
  return { subcode: 2207026, message: problem.violation.detail };
}

/** Facebook Page photos: Meta answers unusable images with 324 and oversize ones with 100 (unsure). */
export function facebookPhotoError(problem: { failure: FetchFailure } | { violation: MediaViolation }) {
  if ("failure" in problem) {
    if (problem.failure.reason === "too_large")
      return graphError({ code: 100, message: "(#100) Photo file is too large" });
    return graphError({
      code: 324,
      message: `(#324) Missing or invalid image file: ${problem.failure.detail}`,
    });
  }
  if (problem.violation.kind === "image_too_large") {
    return graphError({ code: 100, message: `(#100) Photo file is too large: ${problem.violation.detail}` });
  }
  return graphError({
    code: 324,
    message: `(#324) Missing or invalid image file: ${problem.violation.detail}`,
  });
}

export function facebookVideoError(detail: string) {
  return graphError({
    code: 352,
    message: `(#352) Sorry, the video file you selected is in a format that we don't support: ${detail}`,
  });
}
