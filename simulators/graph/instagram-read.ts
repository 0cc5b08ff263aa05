import type { Container, InstagramAccount, InstagramMedia } from "../core/entities";
import type { SimState } from "../core/sim-state";
import type { SimRequest } from "../http/read-request";
import { json, type SimResponse } from "../http/sim-response";
import { authenticate, requireInstagramAccess, requireInstagramScope } from "./graph-auth";
import { graphTimestamp, mediaUrl, pickFields, requestedFields } from "./graph-fields";
import { containerStatus } from "./instagram-container-status";
import { quotaTotalOf, quotaUsage } from "./instagram-publish";

// GET /{container-id}?fields=status_code,status – what publishers poll until FINISHED
export function readContainer(state: SimState, req: SimRequest, container: Container): SimResponse {
  const token = authenticate(state, req);
  requireInstagramAccess(state, token, container.accountId, req.method, container.id);
  const fields = requestedFields(req, ["id"]);
  const status = containerStatus(state, container);
  return json(pickFields({ id: container.id, status_code: status.code, status: status.text }, fields));
}

export function mediaFields(
  state: SimState,
  req: SimRequest,
  media: InstagramMedia,
): Record<string, unknown> {
  const account = state.instagramAccounts.get(media.accountId);
  const url = mediaUrl(req.origin, media.sha256);
  return {
    id: media.id,
    media_type: media.kind === "video" ? "VIDEO" : "IMAGE",
    media_product_type: "STORY",
    media_url: url,
    thumbnail_url: media.kind === "video" ? url : undefined,
    permalink: `https://www.instagram.com/stories/${account?.username ?? "unknown"}/${media.id}/`,
    timestamp: graphTimestamp(media.publishedAt),
    username: account?.username,
    owner: { id: media.accountId },
  };
}

// GET /{ig-media-id}?fields=… – a published story
export function readMedia(state: SimState, req: SimRequest, media: InstagramMedia): SimResponse {
  const token = authenticate(state, req);
  requireInstagramAccess(state, token, media.accountId, req.method, media.id);
  return json(pickFields(mediaFields(state, req, media), requestedFields(req, ["id"])));
}

// GET /{ig-user-id} or /me on the Instagram host – the account's profile
export function readInstagramAccount(
  state: SimState,
  req: SimRequest,
  account: InstagramAccount,
): SimResponse {
  const token = authenticate(state, req);
  requireInstagramAccess(state, token, account.id, req.method);
  const fields = requestedFields(req, ["id"]);
  return json(
    pickFields(
      { id: account.id, user_id: account.id, username: account.username, name: account.username },
      fields,
    ),
  );
}

export function liveStories(state: SimState, accountId: string): InstagramMedia[] {
  const from = state.now() - state.options.storyLifetimeMs;
  return [...state.instagramMedia.values()]
    .filter((media) => media.accountId === accountId && media.publishedAt > from)
    .sort((a, b) => b.publishedAt - a.publishedAt);
}

// GET /{ig-user-id}/stories – the stories live right now (24 h)
export function listInstagramStories(
  state: SimState,
  req: SimRequest,
  account: InstagramAccount,
): SimResponse {
  const token = authenticate(state, req);
  requireInstagramAccess(state, token, account.id, req.method);
  requireInstagramScope(token, "basic");
  const fields = requestedFields(req, ["id"]);
  const data = liveStories(state, account.id).map((media) =>
    pickFields(mediaFields(state, req, media), fields),
  );
  return json({ data });
}

// GET /{ig-user-id}/content_publishing_limit?fields=quota_usage,config
export function readPublishingLimit(
  state: SimState,
  req: SimRequest,
  account: InstagramAccount,
): SimResponse {
  const token = authenticate(state, req);
  requireInstagramAccess(state, token, account.id, req.method);
  requireInstagramScope(token, "content_publish");
  const fields = requestedFields(req, ["quota_usage"]);
  const entry: Record<string, unknown> = {};
  if (fields.has("quota_usage")) entry.quota_usage = quotaUsage(state, account);
  if (fields.has("config")) {
    entry.config = {
      quota_total: quotaTotalOf(state, account),
      quota_duration: Math.round(state.options.instagram.quotaDurationMs / 1000),
    };
  }
  return json({ data: [entry] });
}
