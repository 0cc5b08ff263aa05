import type { InstagramAccount, InstagramMedia } from "../core/entities";
import type { SimState } from "../core/sim-state";
import type { SimRequest } from "../http/read-request";
import { json, type SimResponse } from "../http/sim-response";
import { authenticate, requireInstagramAccess, requireInstagramScope } from "./graph-auth";
import {
  containerExpired,
  containerNotFound,
  graphError,
  mediaNotReady,
  missingParameter,
  publishingLimitReached,
} from "./graph-error";
import { containerStatus } from "./instagram-container-status";
import { pruneWindow } from "./instagram-create-container";

export function quotaTotalOf(state: SimState, account: InstagramAccount): number {
  return account.quotaTotal ?? state.options.instagram.quotaTotal;
}

/** Publishes in the rolling window; prunes the ones that left it. */
export function quotaUsage(state: SimState, account: InstagramAccount): number {
  pruneWindow(account.publishTimes, state.now() - state.options.instagram.quotaDurationMs);
  return account.publishTimes.length;
}

/**
 * A story published within `instagram.insights.sequenceGapMs` of the account's previous one
 * follows it in the same sequence (viewers tap from one to the next); otherwise it starts one.
 */
function joinSequence(
  state: SimState,
  account: InstagramAccount,
  id: string,
  now: number,
): InstagramMedia["sequence"] {
  const previous = account.lastStoryId ? state.instagramMedia.get(account.lastStoryId) : undefined;
  if (!previous || now - previous.publishedAt > state.options.instagram.insights.sequenceGapMs) {
    return { firstId: id, firstAt: now, position: 0 };
  }
  previous.sequence.nextId = id;
  return {
    firstId: previous.sequence.firstId,
    firstAt: previous.sequence.firstAt,
    position: previous.sequence.position + 1,
  };
}

// POST /{ig-user-id}/media_publish – turn a FINISHED container into a live story, once
export function publishContainer(state: SimState, req: SimRequest, account: InstagramAccount): SimResponse {
  const token = authenticate(state, req);
  requireInstagramAccess(state, token, account.id, req.method);
  requireInstagramScope(token, "content_publish");
  const creationId = req.params.get("creation_id");
  if (!creationId) throw missingParameter("creation_id");
  const container = state.containers.get(creationId);
  if (!container || container.accountId !== account.id) throw containerNotFound(creationId);

  const status = containerStatus(state, container);
  const options = state.options.instagram;
  if (status.code === "PUBLISHED") throw graphError(options.republishError);
  if (status.code === "EXPIRED") throw containerExpired();
  if (status.code === "IN_PROGRESS") throw mediaNotReady();
  if (status.code === "ERROR") throw graphError(options.errorContainerPublishError);
  // The quota is checked at publish, not at container creation (documented behaviour).
  if (quotaUsage(state, account) >= quotaTotalOf(state, account)) throw publishingLimitReached();

  const media = container.media;
  if (!media) throw graphError(options.errorContainerPublishError);
  const now = state.now();
  const id = state.ids.numeric("179");
  const published: InstagramMedia = {
    id,
    accountId: account.id,
    containerId: container.id,
    kind: container.kind,
    sha256: media.sha256,
    publishedAt: now,
    userTags: container.userTags,
    sequence: joinSequence(state, account, id, now),
  };
  // No await between the status check above and this write: two concurrent publishes of one
  // container cannot both pass.
  container.publishedMediaId = published.id;
  account.publishTimes.push(now);
  account.lastStoryId = id;
  state.instagramMedia.set(published.id, published);
  state.rememberMedia(media);
  state.recordPublish({
    platform: "instagram",
    accountId: account.id,
    externalId: published.id,
    mediaSha256: media.sha256,
    mediaType: container.kind,
    sourceUrl: container.sourceUrl,
    receivedAt: req.receivedAt,
    callerAddress: req.remoteAddress,
    publishedAt: now,
    containerId: container.id,
    ...(container.userTags.length > 0 ? { userTags: container.userTags } : {}),
  });
  return json({ id: published.id });
}
