import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { assertFreshPassword, isPasswordFresh } from "@/lib/auth/confirm-password";
import { type ResolvedSession, resolveSession } from "@/lib/auth/resolve-session";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { auth, clientIp } from "./auth";

export type SessionUser = { id: string; email: string; name: string };

/**
 * The session this browser's JWT names, re-read from the database once per request: null when the
 * JWT names no live session (revoked, signed out elsewhere, an account deleted, or a JWT from
 * before sessions were recorded). See docs/decisions/031-account-security.md.
 */
export const currentSession = cache(async (): Promise<ResolvedSession | null> => {
  const session = await auth();
  const userId = session?.user?.id;
  const sessionId = session?.sessionId;
  if (!userId || !sessionId) return null;
  return resolveSession(db(), { userId, sessionId });
});

/** The signed-in user, or null. A session still waiting for its second factor is not signed in. */
export async function currentUser(): Promise<SessionUser | null> {
  const resolved = await currentSession();
  if (!resolved || resolved.session.secondFactorPending) return null;
  return resolved.user;
}

/** The signed-in user; anyone else is sent to sign in (or to its second step) and brought back to `returnTo` after. */
export async function requireUser(returnTo?: string): Promise<SessionUser> {
  const resolved = await currentSession();
  const next = returnTo ? `?next=${encodeURIComponent(returnTo)}` : "";
  if (resolved?.session.secondFactorPending) redirect(`/sign-in/two-factor${next}`);
  if (!resolved) redirect(`/sign-in${next}`);
  // Signed in during an account deletion's grace period: nothing opens but "restore my account".
  if (resolved.user.deleteAfter) redirect("/account/restore");
  return resolved.user;
}

/** The signed-in user with their session, for the account pages and the second-factor step. */
export async function requireSession(returnTo: string): Promise<ResolvedSession> {
  await requireUser(returnTo);
  return (await currentSession()) as ResolvedSession;
}

/**
 * For server actions that need a recent password (docs/decisions/031-account-security.md):
 * refuses unless this browser's session confirmed the password in the last ten minutes.
 */
export async function requireFreshPassword(doing: string): Promise<void> {
  const resolved = await currentSession();
  if (!resolved || resolved.session.secondFactorPending) {
    throw new AppError("UNAUTHENTICATED", "Sign in again.");
  }
  await assertFreshPassword(db(), { userId: resolved.user.id, sessionId: resolved.session.id }, doing);
}

/** Whether this browser confirmed the password recently enough for sensitive actions (the prompt's cue). */
export async function passwordIsFresh(): Promise<boolean> {
  const resolved = await currentSession();
  return Boolean(
    resolved &&
      !resolved.session.secondFactorPending &&
      isPasswordFresh(resolved.session.passwordConfirmedAt),
  );
}

/** The client IP of the request being served, for rate limits and the sessions list. */
export async function requestIp(): Promise<string> {
  return clientIp({ headers: await headers() });
}
