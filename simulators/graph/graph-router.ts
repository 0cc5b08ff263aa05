import type { Platform } from "../core/entities";
import type { SimState } from "../core/sim-state";
import type { SimRequest } from "../http/read-request";
import type { RouteMatch } from "../http/route-match";
import type { SimResponse } from "../http/sim-response";
import { exchangeFacebookCode, exchangeInstagramToken, listPermissions } from "../oauth/code-exchange";
import { appAccessToken } from "./app-access-token";
import { publishPhotoStory, uploadPhoto } from "./facebook-photos";
import { listAccounts, listPageStories, readPage, readPhoto, readStory, readUser } from "./facebook-read";
import { readVideo, videoStories } from "./facebook-video-stories";
import { authenticate, readToken } from "./graph-auth";
import { unknownObject, unknownPath } from "./graph-error";
import { createContainer } from "./instagram-create-container";
import { readInsights } from "./instagram-insights";
import { publishContainer } from "./instagram-publish";
import {
  listInstagramStories,
  readContainer,
  readInstagramAccount,
  readMedia,
  readPublishingLimit,
} from "./instagram-read";
import { refreshAccessToken } from "./refresh-access-token";
import { revokePermissions } from "./revoke-permissions";
import { sendMessage } from "./send-message";
import { debugToken, exchangeToken } from "./token-endpoints";
import { profileAccountFor, readUserProfile } from "./user-profile";

export type GraphHost = "facebook" | "instagram";

const VERSION = /^v\d+\.\d+$/;

function route(
  platform: Platform,
  operation: string,
  accountId: string | undefined,
  handle: () => Promise<SimResponse> | SimResponse,
): RouteMatch {
  return { style: "graph", metered: true, platform, operation, accountId, handle };
}

/** Meta checks the token before it looks at the path: an expired token wins over a wrong id. */
function fail(state: SimState, req: SimRequest, platform: Platform, error: Error): RouteMatch {
  return route(platform, "unknown", undefined, () => {
    authenticate(state, req);
    throw error;
  });
}

/** Answers /me by whatever the token acts as: Instagram account, page or user. */
function matchMe(state: SimState, host: GraphHost, req: SimRequest): RouteMatch {
  const value = readToken(req);
  const token = value ? state.tokens.get(value) : undefined;
  const hostPlatform: Platform = host;
  if (token?.kind === "instagram_user") {
    const account = state.instagramAccounts.get(token.subjectId);
    if (account) return route("instagram", "me", account.id, () => readInstagramAccount(state, req, account));
  }
  if (token?.kind === "page" && host === "facebook") {
    const page = state.pages.get(token.subjectId);
    if (page) return route("facebook", "me", page.id, () => readPage(state, req, page));
  }
  if (token?.kind === "facebook_user" && host === "facebook") {
    const user = state.users.get(token.subjectId);
    if (user) return route("facebook", "me", token.accountId, () => readUser(state, req, user));
  }
  // No usable token: let the auth check produce Meta's error.
  return fail(state, req, hostPlatform, unknownObject("me", req.method));
}

/** GET /{igsid|psid}: a sandbox person's profile (Facebook people only on the Facebook host). */
function matchPerson(state: SimState, host: GraphHost, req: SimRequest, id: string): RouteMatch | undefined {
  const person = state.messaging.people.get(id);
  if (!person || person.platform === "whatsapp" || req.method !== "GET") return undefined;
  if (person.platform === "facebook" && host !== "facebook") return undefined;
  const value = readToken(req);
  const token = value ? state.tokens.get(value) : undefined;
  const accountId = token ? profileAccountFor(state, person, token) : undefined;
  return route(person.platform, "user_profile", accountId, () => readUserProfile(state, req, person));
}

/** POST /{account}/messages (and /me/messages): the Send API of an Instagram account or a page. */
function matchSend(state: SimState, host: GraphHost, req: SimRequest, id: string): RouteMatch | undefined {
  const object = state.findObject(id);
  const platform =
    object?.type === "instagram_account"
      ? "instagram"
      : object?.type === "page" && host === "facebook"
        ? "facebook"
        : undefined;
  if (!platform || req.method !== "POST") return undefined;
  return route(platform, "send_message", id, () => sendMessage(state, req, platform, id));
}

function matchObject(state: SimState, host: GraphHost, req: SimRequest, id: string): RouteMatch {
  const person = matchPerson(state, host, req, id);
  if (person) return person;
  const object = state.findObject(id);
  const method = req.method;
  const notFound = () => fail(state, req, host, unknownObject(id, method));
  if (!object) return notFound();
  if (method !== "GET") return notFound();
  switch (object.type) {
    case "container":
      return route("instagram", "container_status", object.value.accountId, () =>
        readContainer(state, req, object.value),
      );
    case "instagram_media":
      return route("instagram", "media", object.value.accountId, () => readMedia(state, req, object.value));
    case "instagram_account":
      return route("instagram", "me", object.value.id, () => readInstagramAccount(state, req, object.value));
  }
  // Page objects do not exist on the Instagram-Login host.
  if (host === "instagram") return notFound();
  switch (object.type) {
    case "page":
      return route("facebook", "object", object.value.id, () => readPage(state, req, object.value));
    case "user":
      return route("facebook", "object", undefined, () => readUser(state, req, object.value));
    case "photo":
      return route("facebook", "object", object.value.pageId, () => readPhoto(state, req, object.value));
    case "video":
      return route("facebook", "video_status", object.value.pageId, () =>
        readVideo(state, req, object.value),
      );
    case "story":
      return route("facebook", "object", object.value.pageId, () => readStory(state, req, object.value));
  }
}

function matchEdge(
  state: SimState,
  host: GraphHost,
  req: SimRequest,
  id: string,
  edge: string,
  version: string,
): RouteMatch {
  const method = req.method;
  const object = state.findObject(id);
  const wrongMethod = () => fail(state, req, host, unknownObject(id, method));
  if (object?.type === "instagram_account") {
    const account = object.value;
    const on = (op: string, wanted: string, handle: () => Promise<SimResponse> | SimResponse) =>
      method === wanted ? route("instagram", op, account.id, handle) : wrongMethod();
    switch (edge) {
      case "media":
        return on("create_container", "POST", () => createContainer(state, req, account, version));
      case "media_publish":
        return on("publish", "POST", () => publishContainer(state, req, account));
      case "content_publishing_limit":
        return on("publishing_limit", "GET", () => readPublishingLimit(state, req, account));
      case "stories":
        return on("stories", "GET", () => listInstagramStories(state, req, account));
    }
  }
  if (object?.type === "instagram_media" && edge === "insights" && method === "GET") {
    const media = object.value;
    // Heavier than a plain read: it tightens the time and CPU budgets by `usage.insightsCost`.
    return {
      ...route("instagram", "insights", media.accountId, () => readInsights(state, req, media)),
      cost: state.options.usage.insightsCost,
    };
  }
  if (object?.type === "page" && host === "facebook") {
    const page = object.value;
    const on = (op: string, wanted: string, handle: () => Promise<SimResponse> | SimResponse) =>
      method === wanted ? route("facebook", op, page.id, handle) : wrongMethod();
    switch (edge) {
      case "photos":
        return on("photo_upload", "POST", () => uploadPhoto(state, req, page));
      case "photo_stories":
        return on("photo_story", "POST", () => publishPhotoStory(state, req, page));
      case "video_stories":
        return on(req.params.get("upload_phase") === "finish" ? "video_finish" : "video_start", "POST", () =>
          videoStories(state, req, page, version),
        );
      case "stories":
        return on("stories", "GET", () => listPageStories(state, req, page));
    }
  }
  if (edge === "messages") {
    const send = matchSend(state, host, req, id);
    if (send) return send;
  }
  if (!object) return fail(state, req, host, unknownObject(id, method));
  return fail(state, req, host, unknownPath(`${id}/${edge}`));
}

/**
 * Routes a request on a Graph host (graph.facebook.com or graph.instagram.com). The version
 * segment is optional and any vNN.N is accepted, as Meta answers unversioned calls too.
 */
export function matchGraph(state: SimState, host: GraphHost, req: SimRequest): RouteMatch {
  const segments = req.path.split("/").filter(Boolean);
  let version = "v25.0";
  if (segments[0] && VERSION.test(segments[0])) version = segments.shift() as string;
  const [first, second, ...rest] = segments;
  if (!first) return fail(state, req, host, unknownPath(""));
  if (rest.length > 0) return fail(state, req, host, unknownPath(segments.join("/")));
  if (first === "me" && !second) return matchMe(state, host, req);
  if (first === "me" && second === "messages") {
    // The account the token acts as: an Instagram-Login token's account, or a page token's page.
    const value = readToken(req);
    const token = value ? state.tokens.get(value) : undefined;
    const actsAs = token?.kind === "instagram_user" || token?.kind === "page" ? token.subjectId : undefined;
    const send = actsAs ? matchSend(state, host, req, actsAs) : undefined;
    if (send) return send;
    return fail(state, req, host, unknownObject("me", req.method));
  }
  if (first === "me" && second === "accounts" && host === "facebook") {
    const value = readToken(req);
    const token = value ? state.tokens.get(value) : undefined;
    return route("facebook", "accounts", token?.accountId, () => listAccounts(state, req));
  }
  if (first === "debug_token" && !second) {
    return route(host, "debug_token", undefined, () => debugToken(state, req));
  }
  if (first === "oauth" && second === "access_token" && host === "facebook") {
    if (req.params.get("grant_type") === "client_credentials") {
      return route("facebook", "oauth_exchange", undefined, () => appAccessToken(state, req));
    }
    if (req.params.has("code")) {
      return route("facebook", "oauth_code", undefined, () => exchangeFacebookCode(state, req));
    }
    return route("facebook", "oauth_exchange", undefined, () => exchangeToken(state, req));
  }
  if (first === "access_token" && !second && host === "instagram") {
    return route("instagram", "oauth_exchange", undefined, () => exchangeInstagramToken(state, req));
  }
  if (second === "permissions" && req.method === "DELETE") {
    const value = readToken(req);
    const token = value ? state.tokens.get(value) : undefined;
    return route(host, "revoke_permissions", token?.accountId, () => revokePermissions(state, req, host));
  }
  if (first === "me" && second === "permissions" && host === "facebook") {
    return route("facebook", "permissions", undefined, () => listPermissions(state, req));
  }
  if (first === "refresh_access_token" && !second && host === "instagram") {
    const value = readToken(req);
    const token = value ? state.tokens.get(value) : undefined;
    return route("instagram", "refresh_token", token?.accountId, () => refreshAccessToken(state, req));
  }
  if (!second) return matchObject(state, host, req, first);
  return matchEdge(state, host, req, first, second, version);
}
