import type { StoryPlatform } from "./registry";

/**
 * The ways a person connects Meta accounts in one click, and the permissions (scopes) each
 * channel needs through each of them. Meta renames scopes (Instagram Login's `business_*` became
 * `instagram_business_*` in January 2025), so their names live here and nowhere else: the OAuth
 * dialog asks for them, the permission check compares what was granted with them, and the
 * connection health page names the missing ones.
 */
export type MetaLoginKind = "facebook" | "instagram";

/** What a channel uses its token for; publishing is needed to connect, the others for later features. */
export type ChannelPurpose = "publish" | "insights" | "messages";

export type MetaLogin = {
  kind: MetaLoginKind;
  /** "Facebook": whose account the person signs in with. */
  name: string;
  /** "Continue with Facebook" */
  buttonLabel: string;
  /** The product Meta calls it, for the setup doctor and help texts. */
  productName: string;
  /** Where Meta sends the person back, under PUBLIC_BASE_URL; registered in the Meta app. */
  callbackPath: string;
  /** Per platform it can connect, the scopes each purpose needs. */
  scopes: Partial<Record<StoryPlatform, Record<ChannelPurpose, readonly string[]>>>;
  /**
   * How an account the login found becomes the platform's connect fields (the descriptor's
   * schema checks them, exactly as when a person pastes them into the advanced form).
   */
  connectFields: Partial<Record<StoryPlatform, (account: LoginAccountSecret) => Record<string, string>>>;
};

/** An account a login found, with the token that acts for it. */
export type LoginAccountSecret = { id: string; token: string };

export const META_LOGINS: Record<MetaLoginKind, MetaLogin> = {
  facebook: {
    kind: "facebook",
    name: "Facebook",
    buttonLabel: "Continue with Facebook",
    productName: "Facebook Login for Business",
    callbackPath: "/api/oauth/facebook/callback",
    scopes: {
      // A Page's stories, and an Instagram professional account linked to a Page.
      FACEBOOK: {
        publish: ["pages_show_list", "pages_read_engagement", "pages_manage_posts"],
        insights: ["read_insights"],
        messages: ["pages_messaging"],
      },
      INSTAGRAM: {
        publish: ["pages_show_list", "pages_read_engagement", "instagram_basic", "instagram_content_publish"],
        insights: ["instagram_manage_insights"],
        messages: ["instagram_manage_messages"],
      },
    },
    connectFields: {
      // Page tokens made from a long-lived user token do not expire.
      FACEBOOK: ({ id, token }) => ({ pageId: id, pageAccessToken: token }),
      // The linked Page's token acts for its Instagram account on graph.facebook.com.
      INSTAGRAM: ({ id, token }) => ({ accountId: id, accessToken: token, host: "facebook" }),
    },
  },
  instagram: {
    kind: "instagram",
    name: "Instagram",
    buttonLabel: "Continue with Instagram",
    productName: "Instagram API with Instagram Login",
    callbackPath: "/api/oauth/instagram/callback",
    scopes: {
      INSTAGRAM: {
        publish: ["instagram_business_basic", "instagram_business_content_publish"],
        insights: ["instagram_business_manage_insights"],
        messages: ["instagram_business_manage_messages"],
      },
    },
    connectFields: {
      INSTAGRAM: ({ id, token }) => ({ accountId: id, accessToken: token, host: "instagram" }),
    },
  },
};

/** Every scope a login asks for when it is to serve `purposes` (deduplicated, in a stable order). */
export function scopesToRequest(kind: MetaLoginKind, purposes: readonly ChannelPurpose[]): string[] {
  const wanted = new Set<string>();
  for (const byPurpose of Object.values(META_LOGINS[kind].scopes)) {
    for (const purpose of purposes) for (const scope of byPurpose?.[purpose] ?? []) wanted.add(scope);
  }
  return [...wanted];
}

/**
 * The scopes a channel of `platform`, connected through `kind`, lacks for `purpose`, given what
 * was granted: empty when it has them all.
 */
export function missingScopes(
  kind: MetaLoginKind,
  platform: StoryPlatform,
  purpose: ChannelPurpose,
  granted: readonly string[],
): string[] {
  const needed = META_LOGINS[kind].scopes[platform]?.[purpose] ?? [];
  return needed.filter((scope) => !granted.includes(scope));
}

/** The logins that can (re)connect a channel of `platform`: the ones with connect fields for it. */
export function loginsFor(platform: StoryPlatform): MetaLoginKind[] {
  return (Object.keys(META_LOGINS) as MetaLoginKind[]).filter(
    (kind) => META_LOGINS[kind].connectFields[platform],
  );
}
