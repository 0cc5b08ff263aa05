import { z } from "zod";
import type {
  FacebookPage,
  FacebookUser,
  InstagramAccount,
  TokenRecord,
  WahaSession,
} from "../core/entities";
import { randomToken } from "../core/ids";
import type { SimState } from "../core/sim-state";
import { canActForInstagram } from "../graph/graph-auth";
import { SimHttpError } from "../http/sim-response";
import { newPairingString, settleSession } from "../waha/waha-pairing";

export const INSTAGRAM_LOGIN_SCOPES = [
  "instagram_business_basic",
  "instagram_business_content_publish",
  "instagram_business_manage_insights",
];

export const FACEBOOK_LOGIN_SCOPES = [
  "instagram_basic",
  "instagram_content_publish",
  "instagram_manage_insights",
  "pages_show_list",
  "pages_read_engagement",
  "pages_manage_posts",
];

export const createAccountSchema = z.object({
  platform: z.enum(["instagram", "facebook", "whatsapp"]),
  /** Explicit id makes the call idempotent (the demo seed calls it at every start). */
  id: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/)
    .optional(),
  name: z.string().min(1).max(200).optional(),
  /** Instagram: the Instagram-Login token; Facebook: the page token; WhatsApp: the X-Api-Key. */
  token: z.string().min(8).optional(),
  scopes: z.array(z.string()).optional(),
  tokenExpiresInMs: z.number().int().positive().optional(),
  /** Instagram: content_publishing_limit total for this account. */
  quotaTotal: z.number().int().min(0).optional(),
  /** Instagram: the Facebook page it is linked to, so that page's tokens can publish for it. */
  pageId: z.string().optional(),
  /** Facebook: the user who manages the page (created if new), and that user's token. */
  userId: z.string().optional(),
  userToken: z.string().min(8).optional(),
  /** WhatsApp: the session's state at creation (default WORKING). */
  state: z.enum(["STOPPED", "STARTING", "SCAN_QR_CODE", "WORKING", "FAILED"]).optional(),
});

export type CreateAccountInput = z.infer<typeof createAccountSchema>;

function addToken(
  state: SimState,
  value: string,
  fields: Omit<TokenRecord, "value" | "issuedAt" | "expiresAt">,
  lifetimeMs: number,
): TokenRecord {
  const existing = state.tokens.get(value);
  if (existing) {
    // A Facebook-Login channel of an Instagram account holds its Page's token; registering that
    // channel again must not turn the Page token into a second owner's token.
    const actsForIt =
      fields.kind === "instagram_user" && canActForInstagram(state, existing, fields.subjectId);
    if (existing.subjectId !== fields.subjectId && !actsForIt) {
      throw new SimHttpError(409, { error: `token already belongs to ${existing.subjectId}` });
    }
    return existing;
  }
  const now = state.now();
  const token: TokenRecord = { value, issuedAt: now, expiresAt: now + lifetimeMs, ...fields };
  state.tokens.set(value, token);
  return token;
}

function tokenExpiry(state: SimState, value: string): number | undefined {
  return state.tokens.get(value)?.expiresAt;
}

export function accountView(state: SimState, account: InstagramAccount | FacebookPage | WahaSession) {
  switch (account.platform) {
    case "instagram":
      return {
        platform: account.platform,
        id: account.id,
        name: account.username,
        username: account.username,
        token: account.token,
        tokenExpiresAt: tokenExpiry(state, account.token),
        quotaTotal: account.quotaTotal ?? state.options.instagram.quotaTotal,
        createdAt: account.createdAt,
      };
    case "facebook": {
      const user = state.users.get(account.userId);
      return {
        platform: account.platform,
        id: account.id,
        name: account.name,
        token: account.token,
        tokenExpiresAt: tokenExpiry(state, account.token),
        userId: account.userId,
        userToken: user?.token,
        instagramAccountId: account.instagramAccountId,
        createdAt: account.createdAt,
      };
    }
    case "whatsapp":
      settleSession(state, account);
      return {
        platform: account.platform,
        id: account.id,
        session: account.id,
        name: account.name,
        apiKey: account.apiKey,
        token: account.apiKey,
        state: account.state,
        paired: account.paired,
        createdAt: account.createdAt,
      };
  }
}

function graphIdTaken(state: SimState, id: string, platform: "instagram" | "facebook"): boolean {
  const object = state.findObject(id);
  if (!object) return false;
  return !(
    (platform === "instagram" && object.type === "instagram_account") ||
    (platform === "facebook" && object.type === "page")
  );
}

/** Creates (or, for a known explicit id, returns) an account; `created` says which. */
export function createAccount(state: SimState, input: CreateAccountInput) {
  const now = state.now();
  const lifetime = input.tokenExpiresInMs ?? state.options.tokenLifetimeMs;
  if (input.platform === "whatsapp") {
    const id = input.id ?? `session-${state.sessions.size + 1}`;
    const existing = state.sessions.get(id);
    if (existing) return { created: false, account: existing };
    const session: WahaSession = {
      platform: "whatsapp",
      id,
      name: input.name ?? id,
      apiKey: input.token ?? randomToken("waha_", 18),
      state: input.state ?? "WORKING",
      // Accounts made by the control API stand for phones linked earlier, unless made waiting for a scan.
      paired: input.state !== "SCAN_QR_CODE",
      pairingString: newPairingString(),
      createdAt: now,
      issuedIds: new Set(),
    };
    state.sessions.set(id, session);
    return { created: true, account: session };
  }

  if (input.id && graphIdTaken(state, input.id, input.platform)) {
    throw new SimHttpError(409, { error: `id ${input.id} is already used by another object` });
  }

  if (input.platform === "instagram") {
    const existing = input.id ? state.instagramAccounts.get(input.id) : undefined;
    const id = existing?.id ?? input.id ?? state.ids.numeric("1784");
    if (input.pageId && !state.pages.has(input.pageId)) {
      throw new SimHttpError(400, { error: `page ${input.pageId} does not exist; create it first` });
    }
    const token = input.token ?? existing?.token ?? randomToken("IGAA");
    addToken(
      state,
      token,
      {
        kind: "instagram_user",
        subjectId: id,
        accountId: id,
        scopes: input.scopes ?? INSTAGRAM_LOGIN_SCOPES,
      },
      lifetime,
    );
    const account: InstagramAccount = existing ?? {
      platform: "instagram",
      id,
      username: input.name ?? `storyrelay_${id.slice(-4)}`,
      createdAt: now,
      token,
      quotaTotal: input.quotaTotal,
      publishTimes: [],
      containerTimes: [],
    };
    state.instagramAccounts.set(id, account);
    if (input.pageId) {
      const page = state.pages.get(input.pageId);
      if (page) page.instagramAccountId = id;
    }
    return { created: !existing, account };
  }

  const existing = input.id ? state.pages.get(input.id) : undefined;
  const id = existing?.id ?? input.id ?? state.ids.numeric("1000");
  const userId = existing?.userId ?? input.userId ?? state.ids.numeric("1001");
  let user: FacebookUser | undefined = state.users.get(userId);
  if (!user) {
    user = {
      id: userId,
      name: `Page admin ${userId.slice(-4)}`,
      pageIds: [],
      token: input.userToken ?? randomToken("EAAU"),
    };
    state.users.set(userId, user);
  }
  const scopes = input.scopes ?? FACEBOOK_LOGIN_SCOPES;
  addToken(state, user.token, { kind: "facebook_user", subjectId: userId, accountId: id, scopes }, lifetime);
  const pageToken = input.token ?? existing?.token ?? randomToken("EAAP");
  addToken(state, pageToken, { kind: "page", subjectId: id, accountId: id, scopes }, lifetime);
  if (!user.pageIds.includes(id)) user.pageIds.push(id);
  const page: FacebookPage = existing ?? {
    platform: "facebook",
    id,
    name: input.name ?? `StoryRelay Page ${id.slice(-4)}`,
    userId,
    createdAt: now,
    token: pageToken,
  };
  state.pages.set(id, page);
  return { created: !existing, account: page };
}
