import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestSimulator, type TestSimulator } from "@/test/simulators/sim-client";
import { SANDBOX_INSTAGRAM, SANDBOX_PAGES } from "./oauth/sandbox-user";

let sim: TestSimulator;
const redirectUri = "http://app.test/api/oauth/facebook/callback";
const fbScopes = ["pages_show_list", "pages_read_engagement", "pages_manage_posts"];

beforeAll(async () => {
  sim = await startTestSimulator();
});
afterAll(() => sim.close());
beforeEach(() => sim.control("POST", "reset"));

const dialog = (login: "facebook" | "instagram") =>
  login === "facebook"
    ? `${sim.base}/www-facebook/v25.0/dialog/oauth`
    : `${sim.base}/www-instagram/oauth/authorize`;

/** Submits the consent screen as a person would, returning where it sends the browser. */
async function consent(
  login: "facebook" | "instagram",
  choice: { granted?: string[]; pages?: string[]; decision?: "allow" | "cancel"; scopes?: string[] } = {},
) {
  const scopes = choice.scopes ?? fbScopes;
  const query = new URLSearchParams({
    client_id: sim.sim.state.options.appId,
    redirect_uri: redirectUri,
    scope: scopes.join(","),
    state: "st4te",
  });
  const shown = await fetch(`${dialog(login)}?${query}`);
  expect(shown.status).toBe(200);
  const form = new URLSearchParams(query);
  form.set("decision", choice.decision ?? "allow");
  for (const scope of choice.granted ?? scopes) form.append("granted", scope);
  for (const page of choice.pages ?? []) form.append("page", page);
  const answer = await fetch(`${dialog(login)}?${query}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: form.toString(),
    redirect: "manual",
  });
  expect(answer.status).toBe(302);
  return new URL(answer.headers.get("location") ?? "");
}

const app = { client_id: "100000000000001", client_secret: "storyrelay-simulator-secret" };

describe("Facebook Login consent screen", () => {
  it("lists the sandbox user's Pages and their Instagram accounts", async () => {
    const query = new URLSearchParams({
      client_id: app.client_id,
      redirect_uri: redirectUri,
      scope: "pages_show_list",
    });
    const html = await (await fetch(`${dialog("facebook")}?${query}`)).text();
    for (const page of SANDBOX_PAGES) {
      expect(html).toContain(page.name);
      expect(html).toContain(`@${page.igName}`);
    }
  });

  it("turns a code into a long-lived token that sees only the chosen Pages, once", async () => {
    const back = await consent("facebook", { pages: [SANDBOX_PAGES[1].id] });
    expect(back.searchParams.get("state")).toBe("st4te");
    const code = back.searchParams.get("code") ?? "";
    const short = await sim.graph("facebook", "GET", "oauth/access_token", {
      ...app,
      redirect_uri: redirectUri,
      code,
    });
    expect(short.status).toBe(200);
    const again = await sim.graph("facebook", "GET", "oauth/access_token", {
      ...app,
      redirect_uri: redirectUri,
      code,
    });
    expect(again.body.error).toMatchObject({ code: 100, error_subcode: 36009 });

    const long = await sim.graph("facebook", "GET", "oauth/access_token", {
      ...app,
      grant_type: "fb_exchange_token",
      fb_exchange_token: short.body.access_token,
    });
    expect(long.body.expires_in).toBeGreaterThan(50 * 24 * 3600);
    const accounts = await sim.graph("facebook", "GET", "me/accounts", {}, { token: long.body.access_token });
    expect(accounts.body.data).toEqual([
      expect.objectContaining({
        id: SANDBOX_PAGES[1].id,
        access_token: expect.any(String),
        instagram_business_account: { id: SANDBOX_PAGES[1].igId, username: SANDBOX_PAGES[1].igName },
      }),
    ]);
  });

  it("reports an unticked permission as declined", async () => {
    const back = await consent("facebook", { granted: ["pages_show_list"], pages: [SANDBOX_PAGES[0].id] });
    const short = await sim.graph("facebook", "GET", "oauth/access_token", {
      ...app,
      redirect_uri: redirectUri,
      code: back.searchParams.get("code") ?? "",
    });
    const permissions = await sim.graph(
      "facebook",
      "GET",
      "me/permissions",
      {},
      { token: short.body.access_token },
    );
    expect(permissions.body.data).toEqual([
      { permission: "pages_show_list", status: "granted" },
      { permission: "pages_read_engagement", status: "declined" },
      { permission: "pages_manage_posts", status: "declined" },
    ]);
  });

  it("sends Cancel back as access_denied, and refuses an expired code", async () => {
    const cancelled = await consent("facebook", { decision: "cancel" });
    expect(cancelled.searchParams.get("error")).toBe("access_denied");
    expect(cancelled.searchParams.get("error_reason")).toBe("user_denied");
    expect(cancelled.searchParams.get("state")).toBe("st4te");

    const back = await consent("facebook", { pages: [SANDBOX_PAGES[0].id] });
    await sim.advance(11 * 60_000);
    const late = await sim.graph("facebook", "GET", "oauth/access_token", {
      ...app,
      redirect_uri: redirectUri,
      code: back.searchParams.get("code") ?? "",
    });
    expect(late.body.error).toMatchObject({ code: 100, error_subcode: 36007 });
  });
});

describe("sandbox login accounts after a restart", () => {
  it("take their channels' registration again, the Page token of a linked Instagram account included", async () => {
    // What the workers send for a Facebook-Login Instagram channel: the account id and its Page's token.
    const page = SANDBOX_PAGES[0];
    const instagram = await sim.control("POST", "accounts", {
      platform: "instagram",
      id: page.igId,
      token: `EAAPsandbox${page.id}`,
    });
    expect(instagram.status).toBe(200);
    const facebook = await sim.control("POST", "accounts", {
      platform: "facebook",
      id: page.id,
      token: `EAAPsandbox${page.id}`,
    });
    expect(facebook.status).toBe(200);
    const limit = await sim.graph(
      "facebook",
      "GET",
      `${page.igId}/content_publishing_limit`,
      {},
      { token: `EAAPsandbox${page.id}` },
    );
    expect(limit.status).toBe(200);
  });
});

describe("Instagram Login consent screen", () => {
  const igScopes = ["instagram_business_basic", "instagram_business_content_publish"];

  it("exchanges a code for a short-lived token, then a 60-day one that can read /me", async () => {
    const back = await consent("instagram", { scopes: igScopes });
    const exchanged = await sim.raw("/api-instagram/oauth/access_token", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        ...app,
        grant_type: "authorization_code",
        redirect_uri: redirectUri,
        code: back.searchParams.get("code") ?? "",
      }).toString(),
    });
    expect(exchanged.status).toBe(200);
    const [short] = exchanged.body.data;
    expect(short).toMatchObject({ user_id: SANDBOX_INSTAGRAM.id, permissions: igScopes.join(",") });
    const long = await sim.graph(
      "instagram",
      "GET",
      "access_token",
      { grant_type: "ig_exchange_token", client_secret: app.client_secret },
      { token: short.access_token, version: null },
    );
    expect(long.body.expires_in).toBe(60 * 24 * 3600);
    const me = await sim.graph(
      "instagram",
      "GET",
      "me",
      { fields: "user_id,username" },
      { token: long.body.access_token },
    );
    expect(me.body).toMatchObject({ username: SANDBOX_INSTAGRAM.username });
  });
});
