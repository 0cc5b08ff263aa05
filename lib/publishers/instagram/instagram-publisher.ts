import { z } from "zod";
import { PLATFORM_LIMITS } from "@/lib/core/platform-limits";
import type { StoredSticker } from "@/lib/core/stickers";
import { classifyGraphError } from "../classify-graph-error";
import type {
  CheckResult,
  FoundPublication,
  FrameInput,
  PublisherAccount,
  PublisherEndpoints,
  StoryPublisher,
} from "../contract";
import {
  idSchema,
  parseGraphTime,
  refusalMeansReauth,
  requireMediaFrame,
  revokeGraphPermissions,
  sinceSeconds,
  tokenExpiresAt,
} from "../graph-shared";
import { isPublisherError, PublisherError } from "../publisher-error";
import { hostOf, instagramClient } from "./instagram-client";
import { readInstagramInsights } from "./instagram-insights";

/** Images usually finish at once; video takes seconds to minutes (Meta suggests polling once a minute). */
export const INSTAGRAM_IMAGE_POLL_MS = 2_000;
export const INSTAGRAM_VIDEO_POLL_MS = 10_000;
// When the platform does not say: the limits table's numbers, which the composer warns with too.
const DEFAULT_QUOTA = PLATFORM_LIMITS.INSTAGRAM.publishingQuota ?? { posts: 100, windowMs: 86_400_000 };

const publishingLimitSchema = z.object({
  data: z.array(
    z.object({
      quota_usage: z.number().default(0),
      config: z
        .object({ quota_total: z.number().optional(), quota_duration: z.number().optional() })
        .optional(),
    }),
  ),
});

/**
 * The account's rolling publishing quota as Instagram states it (its first entry; the total and
 * window are left out by some accounts). The publisher's quota check falls back to the documented
 * cap; the connection health page shows the answer as it is.
 */
// GET /{ig-user-id}/content_publishing_limit?fields=quota_usage,config
export async function readPublishingLimit(account: PublisherAccount, endpoints: PublisherEndpoints) {
  const { data } = await instagramClient(account, endpoints).request({
    method: "GET",
    path: `${account.externalAccountId}/content_publishing_limit`,
    params: { fields: "quota_usage,config" },
    schema: publishingLimitSchema,
  });
  return data.data[0];
}

const containerSchema = z.object({
  id: z.coerce.string(),
  status_code: z.enum(["IN_PROGRESS", "FINISHED", "ERROR", "EXPIRED", "PUBLISHED"]),
  status: z.string().optional(),
});

const storiesSchema = z.object({
  data: z.array(
    z.object({
      id: z.coerce.string(),
      media_type: z.string().optional(),
      timestamp: z.string().optional(),
      permalink: z.string().optional(),
    }),
  ),
});

const permalinkSchema = z.object({ id: z.coerce.string(), permalink: z.string().optional() });

/** A container lookup that failed because the container is gone (or never was ours to see). */
function isContainerMissing(error: unknown): boolean {
  return isPublisherError(error) && (error.platformCode === "100/33" || error.platformCode === "24/2207006");
}

async function readContainer(account: PublisherAccount, containerId: string, endpoints: PublisherEndpoints) {
  const { data } = await instagramClient(account, endpoints).request({
    method: "GET",
    path: containerId,
    params: { fields: "id,status_code,status" },
    schema: containerSchema,
  });
  return data;
}

/**
 * The status text of an ERROR container carries the subcode ("… error code 2207001 …"). The
 * container is dead whatever the reason: the verdict always asks for a new one, and says
 * invalid_content when the media itself was refused.
 */
function containerFailure(statusText: string | undefined): PublisherError {
  const subcode = /\b(22\d{5})\b/.exec(statusText ?? "")?.[1];
  const classified = classifyGraphError({
    status: 400,
    body: {
      error: { code: -1, error_subcode: subcode ? Number(subcode) : undefined, message: statusText ?? "" },
    },
    platform: "Instagram",
  });
  // "Not ready" inside an ERROR status would be nonsense; treat it as a failed upload.
  const errorClass = classified.platformCode?.endsWith("2207027") ? "retryable" : classified.errorClass;
  return new PublisherError({
    errorClass,
    advice:
      errorClass === "retryable"
        ? "Instagram could not process the media this time; StoryRelay will upload it again."
        : classified.advice,
    platformCode: `ERROR/${subcode ?? "unknown"}`,
    platformMessage: statusText,
    newContainerNeeded: true,
  });
}

/** A container published before it finished: ask again when one of its kind usually has. */
function pollAgainAfter(error: PublisherError, frame: FrameInput): PublisherError {
  return new PublisherError({
    ...error,
    retryAfterMs: frame.kind === "VIDEO" ? INSTAGRAM_VIDEO_POLL_MS : INSTAGRAM_IMAGE_POLL_MS,
  });
}

/**
 * Instagram's container does not name the media it became, so a PUBLISHED container is tied to a
 * live story by time and type: the earliest story of the frame's type published at or after the
 * second `since` falls in, other than those already tied to other frames (`taken`). This is exact
 * as long as frames go out one at a time per account (contract invariant 8) and the caller's clock
 * is not ahead of Meta's by more than the gap between two frames. Graph timestamps have whole
 * seconds, so a neighbour stamped in the second `since` falls in, before this frame's story, also
 * qualifies, and comes first. Without `taken` (`taken === null`, publish()'s own follow-up), more
 * than one candidate therefore leaves the story unidentified, for the caller's reconciliation,
 * which knows what is taken.
 */
async function identifyLiveStory(
  account: PublisherAccount,
  frame: FrameInput,
  endpoints: PublisherEndpoints,
  since: Date,
  taken: ReadonlySet<string> | null,
): Promise<FoundPublication> {
  const wanted = frame.kind === "VIDEO" ? "VIDEO" : "IMAGE";
  const from = sinceSeconds(since) * 1000;
  const { data } = await instagramClient(account, endpoints).request({
    method: "GET",
    path: `${account.externalAccountId}/stories`,
    params: { fields: "id,media_type,timestamp,permalink", limit: 100 },
    schema: storiesSchema,
  });
  const candidates = data.data
    .map((story) => ({ story, at: parseGraphTime(story.timestamp) }))
    .filter(
      ({ story, at }) =>
        at !== undefined && at >= from && (story.media_type ?? wanted) === wanted && !taken?.has(story.id),
    )
    .sort((a, b) => (a.at ?? 0) - (b.at ?? 0));
  if (taken === null && candidates.length > 1) return {};
  const match = candidates[0]?.story;
  return match ? { mediaId: match.id, permalink: match.permalink } : {};
}

async function findPublished(
  account: PublisherAccount,
  containerId: string,
  frame: FrameInput,
  endpoints: PublisherEndpoints,
  since: Date,
  taken: ReadonlySet<string> | null,
): Promise<FoundPublication | null> {
  let container: z.infer<typeof containerSchema>;
  try {
    container = await readContainer(account, containerId, endpoints);
  } catch (error) {
    // A container that no longer exists was never published: published ones stay PUBLISHED.
    if (isContainerMissing(error)) return null;
    throw error;
  }
  if (container.status_code !== "PUBLISHED") return null;
  try {
    return await identifyLiveStory(account, frame, endpoints, since, taken);
  } catch (error) {
    // It is live; only its id is unknown. Saying so beats "cannot tell", which would block it.
    if (isPublisherError(error) && error.errorClass !== "reauth_required") return {};
    throw error;
  }
}

/**
 * Mention stickers as Instagram's user_tags on a STORIES container (accepted since July 2025):
 * `[{username, x, y}]`, x and y from the top left in 0..1, as the composer places them.
 */
function mentionTags(stickers: StoredSticker[] | undefined) {
  return (stickers ?? []).flatMap((s) =>
    s.kind === "mention" ? [{ username: s.username, x: s.x, y: s.y }] : [],
  );
}

export const instagramPublisher: StoryPublisher = {
  platform: "INSTAGRAM",
  // media_publish on a PUBLISHED container fails; it never makes a second story, but the
  // pipeline must still reconcile to learn the media id, so it is not called idempotent.
  idempotentPublish: false,

  // POST /{ig-user-id}/media – a STORIES container from image_url or video_url (+ user_tags)
  async prepare(account, frame, endpoints) {
    const media = requireMediaFrame(frame, "Instagram");
    const userTags = mentionTags(media.stickers);
    const { data } = await instagramClient(account, endpoints).request({
      method: "POST",
      path: `${account.externalAccountId}/media`,
      params: {
        media_type: "STORIES",
        ...(media.kind === "IMAGE" ? { image_url: media.mediaUrl } : { video_url: media.mediaUrl }),
        ...(userTags.length > 0 ? { user_tags: JSON.stringify(userTags) } : {}),
      },
      schema: idSchema,
    });
    // An image container is nearly always FINISHED by the time it is published, and media_publish
    // refuses one that is not with 9007 / 2207027 before acting; a video takes seconds to minutes.
    return { containerId: data.id, checkBeforePublish: media.kind !== "IMAGE" };
  },

  // GET /{container-id}?fields=status_code,status
  async check(account, containerId, frame, endpoints): Promise<CheckResult> {
    let container: z.infer<typeof containerSchema>;
    try {
      container = await readContainer(account, containerId, endpoints);
    } catch (error) {
      if (isContainerMissing(error)) {
        throw new PublisherError({
          errorClass: "retryable",
          advice: "The prepared Instagram upload is gone; StoryRelay will upload the media again.",
          platformCode: isPublisherError(error) ? error.platformCode : undefined,
          platformMessage: isPublisherError(error) ? error.platformMessage : undefined,
          newContainerNeeded: true,
        });
      }
      throw error;
    }
    switch (container.status_code) {
      case "FINISHED":
        return { status: "ready" };
      case "PUBLISHED":
        return { status: "published" };
      case "IN_PROGRESS":
        return {
          status: "pending",
          pollAfterMs: frame.kind === "VIDEO" ? INSTAGRAM_VIDEO_POLL_MS : INSTAGRAM_IMAGE_POLL_MS,
        };
      case "EXPIRED":
        throw classifyGraphError({
          status: 400,
          body: { error: { code: -2, error_subcode: 2207020, message: container.status ?? "Expired" } },
          platform: "Instagram",
        });
      case "ERROR":
        throw containerFailure(container.status);
    }
  },

  // POST /{ig-user-id}/media_publish creation_id=… – the one visible step
  async publish(account, containerId, frame, endpoints) {
    const graph = instagramClient(account, endpoints);
    // Graph timestamps have second precision; the story can only be stamped at or after this.
    const startedAt = new Date();
    let mediaId: string;
    try {
      const { data } = await graph.request({
        method: "POST",
        path: `${account.externalAccountId}/media_publish`,
        params: { creation_id: containerId },
        schema: idSchema,
      });
      mediaId = data.id;
    } catch (error) {
      if (!isPublisherError(error) || error.errorClass === "reauth_required") throw error;
      // Instagram's own "not ready" or "limit reached": nothing went out, nothing to look up.
      if (error.refused === "media_not_ready") throw pollAgainAfter(error, frame);
      if (error.refused) throw error;
      // The answer may be lost while the story went out (timeout, 5xx after acting, "already
      // published"): one read of the container settles it.
      const found = await findPublished(account, containerId, frame, endpoints, startedAt, null).catch(
        () => null,
      );
      if (found?.mediaId) return { mediaId: found.mediaId, permalink: found.permalink };
      if (found) {
        // Live, but not identifiable from here: never let the caller make a new container for it.
        throw new PublisherError({
          errorClass: "retryable",
          advice: "The story is already live on Instagram; StoryRelay is confirming it.",
          platformCode: error.platformCode,
          platformMessage: error.platformMessage,
        });
      }
      throw error;
    }
    try {
      const { data } = await graph.request({
        method: "GET",
        path: mediaId,
        params: { fields: "id,permalink" },
        schema: permalinkSchema,
      });
      return { mediaId, permalink: data.permalink };
    } catch {
      // The story is live; a missing permalink must not turn that into a failure.
      return { mediaId };
    }
  },

  findPublished,

  // GET /{ig-user-id}?fields=username,name (+ debug_token on the Facebook host for the expiry)
  async verifyAccount(account, endpoints) {
    const graph = instagramClient(account, endpoints);
    let profile: { username?: string; name?: string; id: string };
    try {
      ({ data: profile } = await graph.request({
        method: "GET",
        path: account.externalAccountId,
        params: { fields: "id,username,name" },
        schema: z.object({
          id: z.coerce.string(),
          username: z.string().optional(),
          name: z.string().optional(),
        }),
      }));
    } catch (error) {
      throw refusalMeansReauth(
        error,
        "Reconnect Instagram: the token cannot act for this Instagram account.",
      );
    }
    // debug_token lives on the Facebook host only.
    const expiresAt =
      hostOf(account) === "facebook" ? await tokenExpiresAt(graph, account.secret) : undefined;
    return { name: profile.username ?? profile.name ?? profile.id, tokenExpiresAt: expiresAt };
  },

  // GET /{ig-media-id}/insights?metric=views,reach,…,navigation&breakdown=story_navigation_action_type
  readInsights: readInstagramInsights,

  // DELETE /me/permissions on the account's Graph host (Instagram Login or Facebook Login)
  async revokeAccess(account, endpoints) {
    await revokeGraphPermissions(instagramClient(account, endpoints));
  },

  // GET /{ig-user-id}/content_publishing_limit?fields=quota_usage,config
  async publishingQuota(account, endpoints) {
    const entry = await readPublishingLimit(account, endpoints);
    return {
      used: entry?.quota_usage ?? 0,
      // The documented total has changed over time: trust the answer, default to 100.
      total: entry?.config?.quota_total ?? DEFAULT_QUOTA.posts,
      windowMs: entry?.config?.quota_duration ? entry.config.quota_duration * 1000 : DEFAULT_QUOTA.windowMs,
    };
  },

  // GET graph.instagram.com/refresh_access_token?grant_type=ig_refresh_token (Instagram Login only)
  async refreshSecret(account, endpoints) {
    // Facebook Login tokens (user or Page) are renewed by reconnecting, not here.
    if (hostOf(account) !== "instagram") return null;
    const { data } = await instagramClient(account, endpoints).request({
      method: "GET",
      path: "refresh_access_token",
      params: { grant_type: "ig_refresh_token" },
      versioned: false,
      tokenIn: "query",
      schema: z.object({ access_token: z.string().min(1), expires_in: z.number().optional() }),
    });
    return {
      secret: data.access_token,
      expiresAt: data.expires_in ? new Date(Date.now() + data.expires_in * 1000) : undefined,
    };
  },
};
