import { z } from "zod";
import type { MetaLoginKind } from "@/lib/core/platforms/meta-logins";
import type { StoryPlatform } from "@/lib/core/platforms/registry";
import { type LoginEndpoints, type MetaLoginConfig, SANDBOX_APP, simulatorBase } from "./login-endpoints";
import { metaCall } from "./meta-http";

/** An account a login can turn into a channel, with the token that will publish for it. */
export type FoundAccount = {
  platform: StoryPlatform;
  id: string;
  name: string;
  token: string;
  /** Epoch ms; absent for tokens that do not expire (Page tokens from a long-lived user token). */
  tokenExpiresAt?: number;
  /** What the person should know about this account ("linked to Sandbox Bakery"). */
  note?: string;
};

/** What the person granted, and the accounts it reaches. */
export type LoginGrant = { granted: string[]; accounts: FoundAccount[] };

export type LoginFlow = {
  /** Where the dialog and token calls go: Meta's hosts with an app configured, else the simulators. */
  endpoints(config: MetaLoginConfig, redirectUri: string): LoginEndpoints;
  dialogUrl(
    endpoints: LoginEndpoints,
    input: { state: string; scopes: string[]; rerequest: boolean },
  ): string;
  redeem(endpoints: LoginEndpoints, code: string, doFetch: typeof fetch, now: number): Promise<LoginGrant>;
};

const tokenAnswer = z.object({ access_token: z.string().min(1), expires_in: z.number().optional() });

/**
 * Facebook Login for Business: code → short-lived user token → long-lived user token →
 * /me/permissions → /me/accounts (each Page's token and its linked Instagram account).
 */
const facebookLogin: LoginFlow = {
  endpoints(config, redirectUri) {
    const sandbox = !config.META_APP_ID;
    const version = config.GRAPH_API_VERSION;
    return {
      kind: "facebook",
      sandbox,
      appId: config.META_APP_ID ?? SANDBOX_APP.id,
      appSecret: sandbox ? SANDBOX_APP.secret : (config.META_APP_SECRET ?? ""),
      configId: sandbox ? undefined : config.META_LOGIN_CONFIG_ID,
      version,
      dialogUrl: `${sandbox ? `${simulatorBase(config)}/www-facebook` : config.META_DIALOG_URL}/${version}/dialog/oauth`,
      apiUrl: "",
      graphUrl: sandbox ? `${simulatorBase(config)}/facebook` : config.META_GRAPH_URL,
      redirectUri,
    };
  },
  dialogUrl(endpoints, input) {
    const url = new URL(endpoints.dialogUrl);
    url.searchParams.set("client_id", endpoints.appId);
    url.searchParams.set("redirect_uri", endpoints.redirectUri);
    url.searchParams.set("state", input.state);
    url.searchParams.set("response_type", "code");
    if (endpoints.configId) url.searchParams.set("config_id", endpoints.configId);
    else url.searchParams.set("scope", input.scopes.join(","));
    // A declined permission is asked for again only when the dialog is told to.
    if (input.rerequest) url.searchParams.set("auth_type", "rerequest");
    return url.toString();
  },
  async redeem(endpoints, code, doFetch, now) {
    const graph = `${endpoints.graphUrl}/${endpoints.version}`;
    const short = await metaCall(
      doFetch,
      `${graph}/oauth/access_token`,
      {
        method: "GET",
        params: {
          client_id: endpoints.appId,
          client_secret: endpoints.appSecret,
          redirect_uri: endpoints.redirectUri,
          code,
        },
      },
      tokenAnswer,
      "exchange the sign-in code",
    );
    const long = await metaCall(
      doFetch,
      `${graph}/oauth/access_token`,
      {
        method: "GET",
        params: {
          grant_type: "fb_exchange_token",
          client_id: endpoints.appId,
          client_secret: endpoints.appSecret,
          fb_exchange_token: short.access_token,
        },
      },
      tokenAnswer,
      "make the sign-in long-lived",
    );
    const permissions = await metaCall(
      doFetch,
      `${graph}/me/permissions`,
      { method: "GET", params: { access_token: long.access_token } },
      z.object({ data: z.array(z.object({ permission: z.string(), status: z.string() })) }),
      "say which permissions were granted",
    );
    const granted = permissions.data.filter((p) => p.status === "granted").map((p) => p.permission);
    if (!granted.includes("pages_show_list")) return { granted, accounts: [] };
    const pages = await metaCall(
      doFetch,
      `${graph}/me/accounts`,
      {
        method: "GET",
        params: {
          access_token: long.access_token,
          fields: "id,name,access_token,instagram_business_account{id,username}",
        },
      },
      z.object({
        data: z.array(
          z.object({
            id: z.coerce.string(),
            name: z.string(),
            access_token: z.string().min(1),
            instagram_business_account: z
              .object({ id: z.coerce.string(), username: z.string().optional() })
              .optional(),
          }),
        ),
      }),
      "list your Pages",
    );
    void now;
    return {
      granted,
      accounts: pages.data.flatMap((page) => {
        const pageAccount: FoundAccount = {
          platform: "FACEBOOK",
          id: page.id,
          name: page.name,
          token: page.access_token,
        };
        const ig = page.instagram_business_account;
        if (!ig) return [pageAccount];
        const igAccount: FoundAccount = {
          platform: "INSTAGRAM",
          id: ig.id,
          name: ig.username ? `@${ig.username}` : `Instagram account of ${page.name}`,
          token: page.access_token,
          note: `linked to the Page ${page.name}`,
        };
        return [pageAccount, igAccount];
      }),
    };
  },
};

/**
 * Instagram API with Instagram Login: code → short-lived token (api.instagram.com) → 60-day token
 * (ig_exchange_token) → /me. The short-lived answer lists the permissions granted.
 */
const instagramLogin: LoginFlow = {
  endpoints(config, redirectUri) {
    const sandbox = !config.INSTAGRAM_APP_ID;
    const sim = simulatorBase(config);
    return {
      kind: "instagram",
      sandbox,
      appId: config.INSTAGRAM_APP_ID ?? SANDBOX_APP.id,
      appSecret: sandbox ? SANDBOX_APP.secret : (config.INSTAGRAM_APP_SECRET ?? ""),
      version: config.GRAPH_API_VERSION,
      dialogUrl: `${sandbox ? `${sim}/www-instagram` : config.INSTAGRAM_OAUTH_URL}/oauth/authorize`,
      apiUrl: sandbox ? `${sim}/api-instagram` : config.INSTAGRAM_API_URL,
      graphUrl: sandbox ? `${sim}/instagram` : config.INSTAGRAM_GRAPH_URL,
      redirectUri,
    };
  },
  dialogUrl(endpoints, input) {
    const url = new URL(endpoints.dialogUrl);
    url.searchParams.set("client_id", endpoints.appId);
    url.searchParams.set("redirect_uri", endpoints.redirectUri);
    url.searchParams.set("response_type", "code");
    url.searchParams.set("scope", input.scopes.join(","));
    url.searchParams.set("state", input.state);
    // Instagram Login shows the permission screen again with force_reauth.
    if (input.rerequest) url.searchParams.set("force_reauth", "true");
    return url.toString();
  },
  async redeem(endpoints, code, doFetch, now) {
    const shortEntry = z.object({
      access_token: z.string().min(1),
      user_id: z.coerce.string(),
      permissions: z.union([z.string(), z.array(z.string())]).optional(),
    });
    const exchanged = await metaCall(
      doFetch,
      `${endpoints.apiUrl}/oauth/access_token`,
      {
        method: "POST",
        params: {
          client_id: endpoints.appId,
          client_secret: endpoints.appSecret,
          grant_type: "authorization_code",
          redirect_uri: endpoints.redirectUri,
          // Instagram appends "#_" to the code in the redirect; a browser keeps fragments away, but be sure.
          code: code.replace(/#_$/, ""),
        },
      },
      // Older answers are the entry itself, newer ones wrap it in data[].
      z.union([z.object({ data: z.array(shortEntry).min(1) }), shortEntry]),
      "exchange the sign-in code",
    );
    const short = "data" in exchanged ? exchanged.data[0] : exchanged;
    if (!short) throw new Error("unreachable: data has at least one entry");
    const long = await metaCall(
      doFetch,
      `${endpoints.graphUrl}/access_token`,
      {
        method: "GET",
        params: {
          grant_type: "ig_exchange_token",
          client_secret: endpoints.appSecret,
          access_token: short.access_token,
        },
      },
      z.object({ access_token: z.string().min(1), expires_in: z.number() }),
      "make the sign-in long-lived",
    );
    const me = await metaCall(
      doFetch,
      `${endpoints.graphUrl}/${endpoints.version}/me`,
      { method: "GET", params: { fields: "user_id,username", access_token: long.access_token } },
      z.object({ id: z.coerce.string(), user_id: z.coerce.string().optional(), username: z.string() }),
      "read your Instagram account",
    );
    const granted =
      typeof short.permissions === "string"
        ? short.permissions.split(",").filter(Boolean)
        : (short.permissions ?? []);
    return {
      granted,
      accounts: [
        {
          platform: "INSTAGRAM",
          // Graph calls address the account by its app-scoped id; user_id is the professional account id.
          id: me.user_id ?? me.id,
          name: `@${me.username}`,
          token: long.access_token,
          tokenExpiresAt: now + long.expires_in * 1000,
        },
      ],
    };
  },
};

/** The login protocols, by kind (the scope names and connect fields live in meta-logins.ts). */
export const LOGIN_FLOWS: Record<MetaLoginKind, LoginFlow> = {
  facebook: facebookLogin,
  instagram: instagramLogin,
};

/** One login's endpoints, with Meta sending the person back to `callbackPath` under PUBLIC_BASE_URL. */
export function loginEndpoints(
  config: MetaLoginConfig,
  kind: MetaLoginKind,
  callbackPath: string,
): LoginEndpoints {
  return LOGIN_FLOWS[kind].endpoints(config, `${config.PUBLIC_BASE_URL}${callbackPath}`);
}
