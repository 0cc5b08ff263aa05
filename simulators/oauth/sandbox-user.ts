import { createAccount } from "../control/create-account";
import type { SimState } from "../core/sim-state";

/**
 * The person who signs in on the simulator's consent screens: a Facebook user managing two Pages,
 * each linked to an Instagram professional account, and one Instagram account of its own for
 * Instagram Login. Ids and Page tokens are fixed, so channels connected through the sandbox login
 * keep working after the simulator restarts (workers register sandbox channels again every minute).
 */
export const SANDBOX_USER_ID = "100100000000001";
export const SANDBOX_PAGES = [
  { id: "100200000000001", name: "Sandbox Bakery", igId: "17841400000000011", igName: "sandbox_bakery" },
  { id: "100200000000002", name: "Sandbox Florist", igId: "17841400000000012", igName: "sandbox_florist" },
] as const;
export const SANDBOX_INSTAGRAM = { id: "17841400000000021", username: "sandbox_studio" } as const;

const SANDBOX_IDS = new Set<string>([
  SANDBOX_USER_ID,
  SANDBOX_INSTAGRAM.id,
  ...SANDBOX_PAGES.flatMap((page) => [page.id, page.igId]),
]);

export function isSandboxLoginAccount(id: string | undefined): boolean {
  return id !== undefined && SANDBOX_IDS.has(id);
}

/** Creates the sandbox login's user, Pages and accounts unless they exist (after start or reset). */
export function ensureSandboxUser(state: SimState): void {
  if (state.users.has(SANDBOX_USER_ID)) return;
  for (const page of SANDBOX_PAGES) {
    createAccount(state, {
      platform: "facebook",
      id: page.id,
      name: page.name,
      token: `EAAPsandbox${page.id}`,
      userId: SANDBOX_USER_ID,
      userToken: `EAAUsandbox${SANDBOX_USER_ID}`,
    });
    // Page tokens derived from a long-lived user token do not expire (debug_token: expires_at 0).
    const pageToken = state.tokens.get(`EAAPsandbox${page.id}`);
    if (pageToken) pageToken.expiresAt = Number.POSITIVE_INFINITY;
    createAccount(state, {
      platform: "instagram",
      id: page.igId,
      name: page.igName,
      token: `IGAAsandbox${page.igId}`,
      pageId: page.id,
    });
  }
  const user = state.users.get(SANDBOX_USER_ID);
  if (user) user.name = "Sandbox Marketer";
  createAccount(state, {
    platform: "instagram",
    id: SANDBOX_INSTAGRAM.id,
    name: SANDBOX_INSTAGRAM.username,
    token: `IGAAsandbox${SANDBOX_INSTAGRAM.id}`,
  });
}
