import { z } from "zod";
import type { GraphUsage } from "./graph-usage";
import { PublisherError, type PublisherErrorClass, type PublishRefusal } from "./publisher-error";

/** How the platform is named in advice: "Reconnect Instagram: …". */
export type GraphPlatformLabel = "Instagram" | "Facebook";

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** Throttles without a usage header to go by: Meta's budgets roll over an hour; a few minutes usually suffice. */
export const DEFAULT_THROTTLE_WAIT_MS = 10 * MINUTE_MS;
/** Instagram's publishing quota is a rolling 24 h window; without better knowledge wait for all of it. */
export const PUBLISHING_LIMIT_WAIT_MS = 24 * HOUR_MS;
/** Policy blocks (368) last hours to days; retry no sooner than a day, and tell a person. */
export const POLICY_BLOCK_WAIT_MS = 24 * HOUR_MS;
/** "Media not ready" is answered by polling again shortly. */
export const NOT_READY_POLL_MS = 5_000;

const envelopeSchema = z.object({
  error: z.object({
    message: z.string().catch("").default(""),
    type: z.string().optional().catch(undefined),
    code: z.coerce.number().int(),
    error_subcode: z.coerce.number().int().optional().catch(undefined),
    error_user_title: z.string().optional().catch(undefined),
    error_user_msg: z.string().optional().catch(undefined),
    is_transient: z.boolean().optional().catch(undefined),
    fbtrace_id: z.string().optional().catch(undefined),
  }),
});

export type GraphErrorEnvelope = z.infer<typeof envelopeSchema>["error"];

/** The `error` object of a Graph answer, or undefined when the body is not an envelope. */
export function parseGraphEnvelope(body: unknown): GraphErrorEnvelope | undefined {
  const parsed = envelopeSchema.safeParse(body);
  return parsed.success ? parsed.data.error : undefined;
}

/** 9007 / 2207027: the container is still processing. Polling answers it; it is not a failure. */
export function isMediaNotReady(envelope: GraphErrorEnvelope | undefined): boolean {
  return envelope?.code === 9007 || envelope?.error_subcode === 2207027;
}

export interface GraphErrorInput {
  /** HTTP status of the answer. */
  status: number;
  /** The parsed body (an envelope, or anything else a proxy or a 5xx page sent). */
  body: unknown;
  /** Usage headers of the same answer: they say how long a throttle lasts. */
  usage?: GraphUsage;
  platform: GraphPlatformLabel;
}

interface Verdict {
  errorClass: PublisherErrorClass;
  advice: string;
  retryAfterMs?: number;
  newContainerNeeded?: boolean;
  refused?: PublishRefusal;
}

type Rule = (label: GraphPlatformLabel, envelope: GraphErrorEnvelope) => Verdict;

const retry = (advice: string, extra: Partial<Verdict> = {}): Verdict => ({
  errorClass: "retryable",
  advice,
  ...extra,
});
const invalid = (advice: string): Verdict => ({ errorClass: "invalid_content", advice });
const reauth = (advice: string): Verdict => ({ errorClass: "reauth_required", advice });

const newContainer: Rule = (label) =>
  retry(`The prepared ${label} upload can no longer be used; StoryRelay will upload the media again.`, {
    newContainerNeeded: true,
  });
const temporary: Rule = (label) => retry(`${label} had a temporary problem; StoryRelay will try again.`);
const badVideo: Rule = (label) =>
  invalid(
    `${label} does not accept this video's format: use an MP4 with H.264 video and AAC audio within the story limits (3–60 s, 9:16).`,
  );
const tooLarge: Rule = () => invalid("The image is larger than Instagram's 8 MB limit.");
const badImage: Rule = (label) =>
  invalid(`${label} accepts only JPEG images for Stories: export the image as JPEG and try again.`);
const badAspect: Rule = (label) =>
  invalid(`${label} does not accept this image's aspect ratio: use 9:16 (for example 1080×1920).`);
const notFetchable: Rule = (label) =>
  invalid(
    `${label} could not download the media from StoryRelay; ask your administrator to check that PUBLIC_BASE_URL is reachable from the internet.`,
  );

/**
 * Rules by subcode. The subcode wins over the code because Meta reuses codes: 4 is a throttle,
 * but 4 / 2207051 is a spam verdict; 9 is a limit, but 9 / 2207008 (in the simulators) is a
 * container that is gone.
 */
const BY_SUBCODE: Record<number, Rule> = {
  2207027: (label) =>
    retry(`${label} is still processing the media.`, {
      retryAfterMs: NOT_READY_POLL_MS,
      refused: "media_not_ready",
    }),
  2207003: (label) => retry(`${label} took too long to download the media; StoryRelay will try again.`),
  2207001: temporary,
  2207032: (label) => retry(`${label} could not create the story this time; StoryRelay will try again.`),
  2207020: (label) =>
    retry(`The prepared ${label} upload expired before it was published; StoryRelay will upload it again.`, {
      newContainerNeeded: true,
    }),
  2207006: newContainer,
  2207008: newContainer,
  2207053: newContainer,
  2207051: (label) =>
    invalid(
      `${label} flagged this story as possible spam: change the media or wait before publishing it again.`,
    ),
  2207042: () => ({
    errorClass: "rate_limited",
    advice:
      "The account reached Instagram's publishing limit for the last 24 hours; the story goes out when the limit frees up.",
    retryAfterMs: PUBLISHING_LIMIT_WAIT_MS,
    refused: "publishing_limit",
  }),
  2207050: (label) =>
    reauth(
      `The ${label} account is restricted: its owner must resolve this in the ${label} app, then reconnect it in StoryRelay.`,
    ),
  2207026: badVideo,
  2207004: tooLarge,
  2207005: badImage,
  2207009: badAspect,
  2207052: notFetchable,
};

const TOKEN_ADVICE: Record<number, (label: GraphPlatformLabel) => string> = {
  458: (label) => `Reconnect ${label}: StoryRelay's access was removed from the account.`,
  459: (label) => `Log in to ${label} to clear a security checkpoint, then reconnect it in StoryRelay.`,
  460: (label) => `Reconnect ${label}: the account's password was changed, which signed StoryRelay out.`,
  463: (label) => `Reconnect ${label}: the access token expired.`,
  464: (label) => `The ${label} account must be confirmed by its owner, then reconnected in StoryRelay.`,
  492: (label) => `Reconnect ${label} with a person who still has a role on the Page.`,
};

const tokenRule: Rule = (label, envelope) =>
  reauth(
    TOKEN_ADVICE[envelope.error_subcode ?? -1]?.(label) ??
      `Reconnect ${label}: the access token expired or was revoked.`,
  );
const permissionRule: Rule = (label) =>
  reauth(`Reconnect ${label} and grant every permission StoryRelay asks for: a permission is missing.`);
const throttleRule: Rule = (label) => ({
  errorClass: "rate_limited",
  advice: `${label} is limiting how often StoryRelay may call it; the story goes out as soon as it allows.`,
  retryAfterMs: DEFAULT_THROTTLE_WAIT_MS,
});

/** 80001 (Pages), 80002 (Instagram) and their siblings are business-use-case throttles. */
const isBusinessUseCaseThrottle = (code: number) => code >= 80_000 && code <= 80_099;

/** Rules by code, for envelopes whose subcode has no rule of its own. */
function byCode(code: number): Rule | undefined {
  if (code === 190 || code === 102 || code === 104) return tokenRule;
  if (code === 10 || (code >= 200 && code <= 299)) return permissionRule;
  if ([4, 17, 32, 613].includes(code) || isBusinessUseCaseThrottle(code)) return throttleRule;
  switch (code) {
    case 9:
      // Code 9 without a known subcode is still a limit ("application request limit").
      return BY_SUBCODE[2207042];
    case 368:
      return (label) => ({
        errorClass: "rate_limited",
        advice: `${label} temporarily blocked this account for a policy reason: someone should check the account in the ${label} app; StoryRelay will not retry for a day.`,
        retryAfterMs: POLICY_BLOCK_WAIT_MS,
      });
    case 9007:
      return BY_SUBCODE[2207027];
    case 25:
      return BY_SUBCODE[2207050];
    case 352:
      return badVideo;
    case 36000:
      return tooLarge;
    case 36001:
      return badImage;
    case 36003:
      return badAspect;
    case 9004:
      return notFetchable;
    case 506:
      return (label) =>
        invalid(`${label} refused this as a duplicate of something already posted: change the media.`);
    case 324:
      return (label) =>
        invalid(`${label} could not read the image file: export it again as JPEG and try again.`);
    case 100:
      return (label, envelope) =>
        invalid(
          `${label} refused the story as invalid: ${envelope.error_user_msg ?? envelope.message ?? "invalid parameter"}`.trim(),
        );
    case 1:
    case 2:
      return temporary;
  }
  return undefined;
}

function platformCodeOf(envelope: GraphErrorEnvelope): string {
  return envelope.error_subcode === undefined
    ? String(envelope.code)
    : `${envelope.code}/${envelope.error_subcode}`;
}

/**
 * Maps one Graph error answer to a PublisherError, following the error table in
 * platform-contracts.md. Order matters: a subcode rule beats a code rule (4 / 2207051 is spam, 4
 * is a throttle); a code rule beats `is_transient` (Meta marks throttles transient, but they must
 * wait, not retry at once); `is_transient` and a 5xx decide what is left; anything unknown is
 * retryable, because a wrong "retryable" costs a bounded number of attempts while a wrong
 * "invalid_content" loses a story.
 *
 * Additions to the table (documented in docs/decisions/006-publisher-contract.md): 100 / 33
 * ("object does not exist or missing permissions") is reauth_required, since the account ids come
 * from connecting the channel; 100 about appsecret_proof is reauth_required (a configuration
 * problem a person must fix, never the story's); 102 and 104 (no or invalid session) join 190; 324 (unreadable
 * image, Facebook) is invalid_content; 80000–80099 are all business-use-case throttles.
 */
export function classifyGraphError(input: GraphErrorInput): PublisherError {
  const { platform: label, usage } = input;
  const envelope = parseGraphEnvelope(input.body);

  if (!envelope) {
    const text = typeof input.body === "string" ? input.body.slice(0, 300) : undefined;
    if (input.status === 429) {
      return new PublisherError({
        ...throttleRule(label, { code: 429, message: "" }),
        retryAfterMs: usage?.regainAccessMs || DEFAULT_THROTTLE_WAIT_MS,
        platformCode: "HTTP 429",
        platformMessage: text,
      });
    }
    return new PublisherError({
      errorClass: "retryable",
      advice: `${label} had a temporary problem (HTTP ${input.status}); StoryRelay will try again.`,
      platformCode: `HTTP ${input.status}`,
      platformMessage: text,
    });
  }

  let rule: Rule | undefined =
    envelope.error_subcode !== undefined ? BY_SUBCODE[envelope.error_subcode] : undefined;
  if (!rule && envelope.code === 100 && envelope.error_subcode === 33) {
    rule = (name) => reauth(`Reconnect ${name}: the connected token can no longer see this account.`);
  }
  if (!rule && envelope.code === 100 && /appsecret_proof/i.test(envelope.message)) {
    // Not the story's fault and not fixable by retrying: StoryRelay's app secret is wrong or missing.
    rule = (name) =>
      reauth(
        `${name} refused StoryRelay's app signature (appsecret_proof): ask your administrator to check the Meta app secret.`,
      );
  }
  rule ??= byCode(envelope.code);
  if (!rule && (envelope.is_transient || input.status >= 500 || envelope.code < 0)) rule = temporary;
  rule ??= (name) => retry(`${name} answered with an unexpected error; StoryRelay will try again.`);

  const verdict = rule(label, envelope);
  const fromHeaders = usage?.regainAccessMs ?? 0;
  // The usage headers know the real wait for throttles; quota and policy waits are not in them.
  const retryAfterMs =
    verdict.errorClass === "rate_limited" && rule === throttleRule && fromHeaders > 0
      ? fromHeaders
      : verdict.retryAfterMs;
  const detail = [envelope.error_user_title, envelope.error_user_msg ?? envelope.message]
    .filter(Boolean)
    .join(": ");
  return new PublisherError({
    ...verdict,
    retryAfterMs,
    platformCode: platformCodeOf(envelope),
    platformMessage: detail || undefined,
  });
}

const uploadEnvelopeSchema = z.object({
  debug_info: z.object({
    retriable: z.boolean().catch(false).default(false),
    type: z.string().catch("unknown").default("unknown"),
    message: z.string().catch("").default(""),
  }),
});

/**
 * Maps an error from the rupload host (video uploads), whose body is
 * `{"debug_info":{"retriable","type","message"}}` rather than a Graph envelope. An upload that
 * failed leaves its upload session unusable to us, so every verdict asks for a fresh prepare().
 */
export function classifyUploadError(input: GraphErrorInput): PublisherError {
  const parsed = uploadEnvelopeSchema.safeParse(input.body);
  if (!parsed.success) {
    const graph = classifyGraphError(input);
    return new PublisherError({
      errorClass: graph.errorClass,
      advice: graph.advice,
      platformCode: graph.platformCode,
      platformMessage: graph.platformMessage,
      retryAfterMs: graph.retryAfterMs,
      newContainerNeeded: true,
    });
  }
  const { retriable, type, message } = parsed.data.debug_info;
  const label = input.platform;
  const base = {
    platformCode: `HTTP ${input.status} ${type}`,
    platformMessage: message,
    newContainerNeeded: true,
  };
  if (input.status === 401 || input.status === 403) {
    return new PublisherError({
      ...base,
      errorClass: "reauth_required",
      advice: `Reconnect ${label}: the upload was refused for this token.`,
    });
  }
  if (retriable || input.status >= 500) {
    return new PublisherError({
      ...base,
      errorClass: "retryable",
      advice: `${label} could not take the video upload this time; StoryRelay will try again.`,
    });
  }
  if (type === "FileTooLargeError") {
    return new PublisherError({
      ...base,
      errorClass: "invalid_content",
      advice: `The video is too large for ${label}.`,
    });
  }
  return new PublisherError({
    ...base,
    errorClass: "invalid_content",
    advice: `${label} refused the video upload: ${message || type}`,
  });
}
