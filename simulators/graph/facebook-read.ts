import type { FacebookPage, FacebookPhoto, FacebookStory, FacebookUser } from "../core/entities";
import type { SimState } from "../core/sim-state";
import type { SimRequest } from "../http/read-request";
import { json, type SimResponse } from "../http/sim-response";
import { authenticate, requirePageAccess, requirePageScope } from "./graph-auth";
import { graphError, unknownObject } from "./graph-error";
import { graphTimestamp, mediaUrl, pickFields, requestedFields } from "./graph-fields";

function storyUrl(story: FacebookStory): string {
  return `https://www.facebook.com/stories/${story.pageId}/${story.postId}/`;
}

function storyFields(state: SimState, story: FacebookStory): Record<string, unknown> {
  const archived = state.now() >= story.publishedAt + state.options.storyLifetimeMs;
  return {
    post_id: story.postId,
    status: archived ? "ARCHIVED" : "PUBLISHED",
    creation_time: Math.floor(story.publishedAt / 1000),
    media_type: story.kind,
    media_id: story.mediaId,
    url: storyUrl(story),
  };
}

function unixSeconds(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value);
  if (Number.isNaN(parsed))
    throw graphError({ code: 100, message: `(#100) ${name} must be a unix timestamp` });
  return parsed;
}

// GET /{page-id}/stories – the page's stories (PUBLISHED, ARCHIVED after 24 h), filtered by since/until
export function listPageStories(state: SimState, req: SimRequest, page: FacebookPage): SimResponse {
  const token = authenticate(state, req);
  requirePageAccess(state, token, page.id, req.method);
  requirePageScope(token, "pages_read_engagement");
  const since = unixSeconds(req.params.get("since"), "since");
  const until = unixSeconds(req.params.get("until"), "until");
  const now = state.now();
  const data = [...state.stories.values()]
    .filter(
      (story) =>
        story.pageId === page.id &&
        story.publishedAt <= now &&
        (since === undefined || story.publishedAt >= since) &&
        (until === undefined || story.publishedAt <= until),
    )
    .sort((a, b) => b.publishedAt - a.publishedAt)
    .map((story) => storyFields(state, story));
  return json({ data });
}

// GET /{page-id} – page profile (and its linked Instagram account)
export function readPage(state: SimState, req: SimRequest, page: FacebookPage): SimResponse {
  const token = authenticate(state, req);
  requirePageAccess(state, token, page.id, req.method);
  const all = {
    id: page.id,
    name: page.name,
    instagram_business_account: page.instagramAccountId ? { id: page.instagramAccountId } : undefined,
  };
  return json(pickFields(all, requestedFields(req, ["id", "name"])));
}

// GET /{photo-id}
export function readPhoto(state: SimState, req: SimRequest, photo: FacebookPhoto): SimResponse {
  const token = authenticate(state, req);
  requirePageAccess(state, token, photo.pageId, req.method, photo.id);
  const all = {
    id: photo.id,
    width: photo.facts.width,
    height: photo.facts.height,
    images: [
      { source: mediaUrl(req.origin, photo.sha256), width: photo.facts.width, height: photo.facts.height },
    ],
    created_time: graphTimestamp(photo.receivedAt),
  };
  return json(pickFields(all, requestedFields(req, ["id", "created_time"])));
}

// GET /{story-post-id}
export function readStory(state: SimState, req: SimRequest, story: FacebookStory): SimResponse {
  const token = authenticate(state, req);
  requirePageAccess(state, token, story.pageId, req.method, story.postId);
  const all = { id: story.postId, ...storyFields(state, story) };
  return json(pickFields(all, requestedFields(req, ["id", "status", "creation_time"])));
}

// GET /{user-id} and /me with a user token
export function readUser(state: SimState, req: SimRequest, user: FacebookUser): SimResponse {
  const token = authenticate(state, req);
  if (token.kind !== "facebook_user" || token.subjectId !== user.id) throw unknownObject(user.id, req.method);
  return json(pickFields({ id: user.id, name: user.name }, requestedFields(req, ["id", "name"])));
}

// GET /me/accounts – the pages a user manages, each with its page token
export function listAccounts(state: SimState, req: SimRequest): SimResponse {
  const token = authenticate(state, req);
  if (token.kind !== "facebook_user") {
    throw graphError({
      code: 100,
      message: "(#100) Tried accessing nonexisting field (accounts) on node type (Page)",
    });
  }
  requirePageScope(token, "pages_show_list");
  const user = state.users.get(token.subjectId);
  const data = (user?.pageIds ?? [])
    .filter((id) => !token.pageIds || token.pageIds.includes(id))
    .map((id) => state.pages.get(id))
    .filter((page) => page !== undefined)
    .map((page) => ({
      access_token: page.token,
      category: "Brand",
      category_list: [{ id: "1605186416478696", name: "Brand" }],
      name: page.name,
      id: page.id,
      tasks: ["ADVERTISE", "ANALYZE", "CREATE_CONTENT", "MESSAGING", "MODERATE", "MANAGE"],
      // Asked for as instagram_business_account{id,username}: the linked account's handle too.
      instagram_business_account: page.instagramAccountId
        ? linkedInstagram(state, page.instagramAccountId)
        : undefined,
    }));
  return json({ data, paging: { cursors: { before: "QVFI", after: "QVFI" } } });
}

function linkedInstagram(state: SimState, id: string) {
  const username = state.instagramAccounts.get(id)?.username;
  return username ? { id, username } : { id };
}
