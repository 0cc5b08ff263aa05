import { z } from "zod";
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
  graphClientFor,
  idSchema,
  refusalMeansReauth,
  requireMediaFrame,
  revokeGraphPermissions,
  sinceSeconds,
  tokenExpiresAt,
} from "../graph-shared";
import { isPublisherError, PublisherError } from "../publisher-error";

/** Page video stories take seconds to process after the upload. */
export const FACEBOOK_VIDEO_POLL_MS = 5_000;

function client(account: PublisherAccount, endpoints: PublisherEndpoints) {
  return graphClientFor(account, endpoints, endpoints.facebookGraph, "Facebook");
}

const startSchema = z.object({ video_id: z.coerce.string().min(1), upload_url: z.string().min(1) });
const postSchema = z.object({ success: z.boolean().optional(), post_id: z.coerce.string().min(1) });

const videoStatusSchema = z.object({
  id: z.coerce.string(),
  status: z.object({
    video_status: z.string(),
    processing_phase: z
      .object({
        status: z.string().optional(),
        errors: z.array(z.object({ code: z.number().optional(), message: z.string().optional() })).optional(),
      })
      .optional(),
    publishing_phase: z.object({ publish_status: z.string().optional() }).optional(),
  }),
});

const storiesSchema = z.object({
  data: z.array(
    z.object({
      post_id: z.coerce.string(),
      status: z.string().optional(),
      media_id: z.coerce.string().optional(),
      url: z.string().optional(),
    }),
  ),
});

/**
 * The Page's stories since a time, looking for the one made from this photo or video. The
 * stories edge is the contract's way to learn whether a story went out; `media_id` ties a story to
 * the photo or video we prepared, so this is exact whatever else the Page posts.
 */
async function findPublished(
  account: PublisherAccount,
  containerId: string,
  _frame: FrameInput,
  endpoints: PublisherEndpoints,
  since: Date,
): Promise<FoundPublication | null> {
  const { data } = await client(account, endpoints).request({
    method: "GET",
    path: `${account.externalAccountId}/stories`,
    params: { since: sinceSeconds(since), limit: 100 },
    schema: storiesSchema,
  });
  // ARCHIVED stories were live too: they count as published.
  const story = data.data.find((entry) => entry.media_id === containerId);
  return story ? { mediaId: containerId, postId: story.post_id, permalink: story.url } : null;
}

function preparedGone(error: PublisherError): PublisherError {
  return new PublisherError({
    errorClass: "retryable",
    advice: "The prepared Facebook upload is gone; StoryRelay will upload the media again.",
    platformCode: error.platformCode,
    platformMessage: error.platformMessage,
    newContainerNeeded: true,
  });
}

async function checkVideo(
  account: PublisherAccount,
  videoId: string,
  endpoints: PublisherEndpoints,
): Promise<CheckResult> {
  let video: z.infer<typeof videoStatusSchema>;
  try {
    ({ data: video } = await client(account, endpoints).request({
      method: "GET",
      path: videoId,
      params: { fields: "status" },
      schema: videoStatusSchema,
    }));
  } catch (error) {
    if (isPublisherError(error) && error.platformCode === "100/33") throw preparedGone(error);
    throw error;
  }
  const { status } = video;
  if (status.publishing_phase?.publish_status === "published") return { status: "published" };
  switch (status.video_status) {
    case "ready":
      return { status: "ready" };
    case "processing":
    case "uploading":
      return { status: "pending", pollAfterMs: FACEBOOK_VIDEO_POLL_MS };
    case "expired":
      throw new PublisherError({
        errorClass: "retryable",
        advice: "The Facebook video upload expired before it was published; StoryRelay will upload it again.",
        platformCode: "video_status/expired",
        newContainerNeeded: true,
      });
    case "error": {
      const first = status.processing_phase?.errors?.[0];
      const classified = classifyGraphError({
        status: 400,
        body: { error: { code: first?.code ?? 352, message: first?.message ?? "processing failed" } },
        platform: "Facebook",
      });
      throw new PublisherError({
        errorClass: classified.errorClass,
        advice: classified.advice,
        platformCode: `video_status/error/${first?.code ?? "unknown"}`,
        platformMessage: first?.message,
        newContainerNeeded: true,
      });
    }
  }
  // A state this adapter does not know: keep polling rather than fail a story on a new word.
  return { status: "pending", pollAfterMs: FACEBOOK_VIDEO_POLL_MS };
}

export const facebookPublisher: StoryPublisher = {
  platform: "FACEBOOK",
  // photo_stories happily makes a second story from the same photo: never publish blindly.
  idempotentPublish: false,

  // Photo: POST /{page-id}/photos published=false. Video: POST /{page-id}/video_stories
  // upload_phase=start, then POST upload_url with a file_url header (Facebook downloads it).
  async prepare(account, frame, endpoints) {
    const media = requireMediaFrame(frame, "Facebook");
    const graph = client(account, endpoints);
    if (media.kind === "IMAGE") {
      const { data } = await graph.request({
        method: "POST",
        path: `${account.externalAccountId}/photos`,
        params: { url: media.mediaUrl, published: false },
        schema: idSchema,
      });
      return { containerId: data.id };
    }
    const { data: started } = await graph.request({
      method: "POST",
      path: `${account.externalAccountId}/video_stories`,
      params: { upload_phase: "start" },
      schema: startSchema,
    });
    // A failed upload leaves an empty, invisible video behind; the next attempt starts afresh.
    await graph.upload(started.upload_url, { file_url: media.mediaUrl }, z.object({ success: z.boolean() }));
    return { containerId: started.video_id };
  },

  // Photos are ready once uploaded; videos: GET /{video-id}?fields=status
  async check(account, containerId, frame, endpoints) {
    if (frame.kind !== "VIDEO") return { status: "ready" };
    return checkVideo(account, containerId, endpoints);
  },

  // Photo: POST /{page-id}/photo_stories photo_id=…; video: POST /{page-id}/video_stories upload_phase=finish
  async publish(account, containerId, frame, endpoints) {
    const media = requireMediaFrame(frame, "Facebook");
    const startedAt = new Date();
    let postId: string;
    try {
      const { data } = await client(account, endpoints).request({
        method: "POST",
        path: `${account.externalAccountId}/${media.kind === "IMAGE" ? "photo_stories" : "video_stories"}`,
        params:
          media.kind === "IMAGE"
            ? { photo_id: containerId }
            : { upload_phase: "finish", video_id: containerId },
        schema: postSchema,
      });
      postId = data.post_id;
    } catch (error) {
      if (!isPublisherError(error) || error.errorClass === "reauth_required") throw error;
      const found = await findPublished(account, containerId, frame, endpoints, startedAt).catch(() => null);
      if (found?.postId) return { mediaId: containerId, postId: found.postId, permalink: found.permalink };
      throw error;
    }
    // The story is live; its URL is a nicety and a failed lookup must not undo that.
    const found = await findPublished(account, containerId, frame, endpoints, startedAt).catch(() => null);
    return {
      mediaId: containerId,
      postId,
      permalink: found?.postId === postId ? found.permalink : undefined,
    };
  },

  findPublished,

  // DELETE /me/permissions with the Page's token
  async revokeAccess(account, endpoints) {
    await revokeGraphPermissions(client(account, endpoints));
  },

  // GET /{page-id}?fields=id,name (+ debug_token for the expiry; Page tokens often never expire)
  async verifyAccount(account, endpoints) {
    const graph = client(account, endpoints);
    let page: { id: string; name?: string };
    try {
      ({ data: page } = await graph.request({
        method: "GET",
        path: account.externalAccountId,
        params: { fields: "id,name" },
        schema: z.object({ id: z.coerce.string(), name: z.string().optional() }),
      }));
    } catch (error) {
      throw refusalMeansReauth(error, "Reconnect the Facebook Page: the token cannot act for this Page.");
    }
    return { name: page.name ?? page.id, tokenExpiresAt: await tokenExpiresAt(graph, account.secret) };
  },
};
