import { fbtraceId } from "../core/ids";
import { SimHttpError } from "../http/sim-response";

export interface GraphErrorSpec {
  code: number;
  subcode?: number;
  message: string;
  type?: string;
  userTitle?: string;
  userMsg?: string;
  isTransient?: boolean;
  status?: number;
}

/** The Graph error envelope, exactly as Meta sends it (HTTP 400 unless said otherwise). */
export function graphErrorBody(spec: GraphErrorSpec): { error: Record<string, unknown> } {
  const error: Record<string, unknown> = {
    message: spec.message,
    type: spec.type ?? "OAuthException",
    code: spec.code,
  };
  if (spec.subcode !== undefined) error.error_subcode = spec.subcode;
  if (spec.isTransient !== undefined) error.is_transient = spec.isTransient;
  if (spec.userTitle !== undefined) error.error_user_title = spec.userTitle;
  if (spec.userMsg !== undefined) error.error_user_msg = spec.userMsg;
  error.fbtrace_id = fbtraceId();
  return { error };
}

export function graphError(spec: GraphErrorSpec): SimHttpError {
  return new SimHttpError(spec.status ?? 400, graphErrorBody(spec));
}

// The errors below carry Meta's own wording where it is known, so a publisher's log lines and
// error mapping can be checked against something that looks like production.

export const missingParameter = (name: string) =>
  graphError({ code: 100, message: `(#100) The parameter ${name} is required` });

export const invalidParameter = (detail: string) => graphError({ code: 100, message: `(#100) ${detail}` });

export const unknownObject = (id: string, method: string) =>
  graphError({
    code: 100,
    subcode: 33,
    type: "GraphMethodException",
    message: `Unsupported ${method.toLowerCase()} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
  });

export const unknownPath = (path: string) =>
  graphError({ code: 2500, message: `Unknown path components: /${path}` });

export const missingToken = () =>
  graphError({ code: 104, message: "An access token is required to request this resource." });

export const unparsableToken = () =>
  graphError({ code: 190, message: "Invalid OAuth access token - Cannot parse access token" });

export const expiredToken = (expiredAt: number, now: number) =>
  graphError({
    code: 190,
    subcode: 463,
    message: `Error validating access token: Session has expired on ${new Date(expiredAt).toUTCString()}. The current time is ${new Date(now).toUTCString()}.`,
  });

export const invalidatedToken = (subcode: number) =>
  graphError({
    code: 190,
    subcode,
    message:
      subcode === 460
        ? "Error validating access token: The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons."
        : subcode === 458
          ? "Error validating access token: The user has not authorized application."
          : "Error validating access token: The session is invalid.",
  });

export const permissionMissing = (permission: string) =>
  graphError({
    code: 200,
    message: `(#200) Requires ${permission} permission to manage the object`,
  });

export const mediaNotReady = () =>
  graphError({
    code: 9007,
    subcode: 2207027,
    message: "Media ID is not available",
    userTitle: "Media not ready for publishing",
    userMsg: "The media is not ready for publishing, please wait for a moment",
  });

export const publishingLimitReached = () =>
  graphError({
    code: 9,
    subcode: 2207042,
    message: "Application request limit reached",
    userTitle: "Max. number of posts reached",
    userMsg: "You reached maximum number of posts that is allowed to be published by Content Publishing API.",
  });

export const containerExpired = () =>
  graphError({
    code: -2,
    subcode: 2207020,
    message: "The media you are trying to access has expired. Please try to upload again.",
    userTitle: "Media expired",
    userMsg: "The media you are trying to access has expired. Please try to upload again.",
  });

export const mediaFetchFailed = (url: string) =>
  graphError({
    code: 9004,
    subcode: 2207052,
    message: "Only photo or video can be accepted as media type.",
    userTitle: "Media download has failed. The media URI doesn't meet our requirements.",
    userMsg: `The media could not be fetched from this URI: ${url}. Please check the limitations section in our development document for more details.`,
    isTransient: false,
  });

export const mediaDownloadTimeout = () =>
  graphError({
    code: -2,
    subcode: 2207003,
    message: "It takes too long to download the media.",
    userTitle: "Timeout downloading media",
    userMsg: "It takes too long to download the media.",
    isTransient: true,
  });

export const imageTooLarge = (maxBytes: number) =>
  graphError({
    code: 36000,
    subcode: 2207004,
    message: `The image is too large to download. It should be less than ${Math.round(maxBytes / 1024 / 1024)} MiB.`,
    userTitle: "Image size too large",
    userMsg: `The image is too large to download. It should be less than ${Math.round(maxBytes / 1024 / 1024)} MiB.`,
  });

export const unsupportedImageFormat = () =>
  graphError({
    code: 36001,
    subcode: 2207005,
    message: "The image format is not supported. Supported formats are: JPEG",
    userTitle: "Unsupported image format",
    userMsg: "The image format is not supported. Supported formats are: JPEG",
  });

export const unsupportedAspectRatio = (ratio: number) =>
  graphError({
    code: 36003,
    subcode: 2207009,
    message: `The submitted image with aspect ratio ('${ratio.toFixed(4)}') cannot be published. Please submit an image with a valid aspect ratio.`,
    userTitle: "Aspect ratio is not supported.",
    userMsg: `The submitted image with aspect ratio ('${ratio.toFixed(4)}') cannot be published. Please submit an image with a valid aspect ratio.`,
  });

export const unsupportedVideoFormat = (detail: string) =>
  graphError({
    code: 352,
    subcode: 2207026,
    message: `The video format is not supported. Please check spec for supported video formats: ${detail}`,
    userTitle: "Unsupported format",
    userMsg: `The video format is not supported. ${detail}`,
  });

export const containerNotFound = (id: string) =>
  graphError({
    code: 24,
    subcode: 2207006,
    message: `The media with id ${id} cannot be found`,
    userTitle: "Media not found",
    userMsg: "The media could not be found.",
  });

export const appThrottled = () =>
  graphError({ code: 4, message: "(#4) Application request limit reached", isTransient: true });

export const accountThrottled = (platform: "instagram" | "facebook") =>
  platform === "facebook"
    ? graphError({
        code: 80001,
        message: "(#80001) There have been too many calls to this Page account. Wait a bit and try again.",
        isTransient: true,
      })
    : graphError({
        code: 80002,
        message:
          "(#80002) There have been too many calls to this Instagram account. Wait a bit and try again.",
        isTransient: true,
      });
