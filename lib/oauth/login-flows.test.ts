import { describe, expect, it } from "vitest";
import type { MetaLoginConfig } from "./login-endpoints";
import { LOGIN_FLOWS, loginEndpoints } from "./login-flows";

const base: MetaLoginConfig = {
  PUBLIC_BASE_URL: "https://relay.example.com",
  GRAPH_API_VERSION: "v25.0",
  SIMULATOR_URL: "http://127.0.0.1:4100/",
  META_DIALOG_URL: "https://www.facebook.com",
  INSTAGRAM_OAUTH_URL: "https://www.instagram.com",
  INSTAGRAM_API_URL: "https://api.instagram.com",
  META_GRAPH_URL: "https://graph.facebook.com",
  INSTAGRAM_GRAPH_URL: "https://graph.instagram.com",
};
const input = { state: "s.t", scopes: ["pages_show_list", "pages_manage_posts"], rerequest: false };

describe("login endpoints", () => {
  it("without an app, both logins run against the simulators and say so", () => {
    const facebook = loginEndpoints(base, "facebook", "/api/oauth/facebook/callback");
    expect(facebook).toMatchObject({
      sandbox: true,
      dialogUrl: "http://127.0.0.1:4100/www-facebook/v25.0/dialog/oauth",
      graphUrl: "http://127.0.0.1:4100/facebook",
      redirectUri: "https://relay.example.com/api/oauth/facebook/callback",
    });
    expect(loginEndpoints(base, "instagram", "/cb")).toMatchObject({
      sandbox: true,
      dialogUrl: "http://127.0.0.1:4100/www-instagram/oauth/authorize",
      apiUrl: "http://127.0.0.1:4100/api-instagram",
      graphUrl: "http://127.0.0.1:4100/instagram",
    });
  });

  it("with an app, Meta's hosts, the app's id, and a login configuration instead of scopes", () => {
    const config = { ...base, META_APP_ID: "42", META_APP_SECRET: "s3cret", META_LOGIN_CONFIG_ID: "777" };
    const endpoints = loginEndpoints(config, "facebook", "/api/oauth/facebook/callback");
    expect(endpoints).toMatchObject({ sandbox: false, appId: "42", appSecret: "s3cret" });
    const url = new URL(LOGIN_FLOWS.facebook.dialogUrl(endpoints, { ...input, rerequest: true }));
    expect(`${url.origin}${url.pathname}`).toBe("https://www.facebook.com/v25.0/dialog/oauth");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: "42",
      redirect_uri: "https://relay.example.com/api/oauth/facebook/callback",
      state: "s.t",
      response_type: "code",
      config_id: "777",
      auth_type: "rerequest",
    });
    // Instagram Login is its own app: Facebook's settings do not make it real.
    expect(loginEndpoints(config, "instagram", "/cb").sandbox).toBe(true);
    const instagram = loginEndpoints({ ...config, INSTAGRAM_APP_ID: "43" }, "instagram", "/cb");
    const igUrl = new URL(LOGIN_FLOWS.instagram.dialogUrl(instagram, input));
    expect(`${igUrl.origin}${igUrl.pathname}`).toBe("https://www.instagram.com/oauth/authorize");
    expect(igUrl.searchParams.get("scope")).toBe("pages_show_list,pages_manage_posts");
  });
});
