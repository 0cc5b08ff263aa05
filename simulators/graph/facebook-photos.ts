import type { FacebookPage, FacebookPhoto, FacebookStory } from "../core/entities";
import type { SimState } from "../core/sim-state";
import type { SimRequest } from "../http/read-request";
import { json, type SimResponse } from "../http/sim-response";
import { checkImage } from "../media/check-media";
import { describeBytes, type FetchedMedia, fetchMedia } from "../media/fetch-media";
import { authenticate, requirePageAccess, requirePageScope } from "./graph-auth";
import { graphError, missingParameter } from "./graph-error";
import { facebookPhotoError } from "./media-errors";

const PHOTO_TYPES = ["jpeg", "png", "bmp", "gif", "tiff"] as const;

// POST /{page-id}/photos – upload a photo (published=false keeps it out of the feed, for a story)
export async function uploadPhoto(
  state: SimState,
  req: SimRequest,
  page: FacebookPage,
): Promise<SimResponse> {
  const token = authenticate(state, req);
  requirePageAccess(state, token, page.id, req.method);
  requirePageScope(token, "pages_manage_posts");
  const maxBytes = state.options.facebook.maxPhotoBytes;
  const url = req.params.get("url");
  const file = req.files.get("source");
  let media: FetchedMedia;
  if (url) {
    const result = await fetchMedia(url, { timeoutMs: state.options.mediaFetchTimeoutMs, maxBytes });
    if (!result.ok) throw facebookPhotoError({ failure: result.failure });
    media = result.media;
  } else if (file) {
    media = describeBytes(file, null);
  } else {
    throw graphError({ code: 324, message: "(#324) Requires upload file" });
  }
  const check = checkImage(media, { types: PHOTO_TYPES, maxBytes, aspect: null });
  if (!check.ok) throw facebookPhotoError({ violation: check.violation });

  const published = req.params.get("published") !== "false";
  const photo: FacebookPhoto = {
    id: state.ids.numeric("122"),
    pageId: page.id,
    published,
    sha256: media.sha256,
    sourceUrl: media.sourceUrl,
    receivedAt: req.receivedAt,
    facts: check.facts,
  };
  state.photos.set(photo.id, photo);
  state.rememberMedia(media);
  // A published photo is a feed post, not a story: it is not in the story ledger.
  return json(published ? { id: photo.id, post_id: `${page.id}_${photo.id}` } : { id: photo.id });
}

// POST /{page-id}/photo_stories – publish an unpublished photo as a Page story
export function publishPhotoStory(state: SimState, req: SimRequest, page: FacebookPage): SimResponse {
  const token = authenticate(state, req);
  requirePageAccess(state, token, page.id, req.method);
  requirePageScope(token, "pages_manage_posts");
  const photoId = req.params.get("photo_id");
  if (!photoId) throw missingParameter("photo_id");
  const photo = state.photos.get(photoId);
  if (!photo || photo.pageId !== page.id) {
    throw graphError({
      code: 100,
      message: `(#100) Invalid photo_id: ${photoId} is not a photo of this Page`,
    });
  }
  if (photo.published) {
    throw graphError({
      code: 100,
      message:
        "(#100) Media already used in a published post cannot be reused for a story (upload with published=false)",
    });
  }
  const now = state.now();
  // Meta does not refuse a second story from the same photo: the ledger shows it as a duplicate.
  const story: FacebookStory = {
    postId: state.ids.numeric("123"),
    pageId: page.id,
    kind: "photo",
    mediaId: photo.id,
    sha256: photo.sha256,
    publishedAt: now,
  };
  state.stories.set(story.postId, story);
  state.recordPublish({
    platform: "facebook",
    accountId: page.id,
    externalId: story.postId,
    mediaSha256: photo.sha256,
    mediaType: "image",
    sourceUrl: photo.sourceUrl,
    receivedAt: req.receivedAt,
    callerAddress: req.remoteAddress,
    publishedAt: now,
  });
  return json({ success: true, post_id: story.postId });
}
