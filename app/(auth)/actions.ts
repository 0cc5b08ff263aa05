"use server";

import { redirect } from "next/navigation";
import { AuthError, CredentialsSignin } from "next-auth";
import type { ActionState } from "@/app/_lib/action-state";
import { signIn, signOut } from "@/app/_lib/auth";
import { currentRequestOrigin } from "@/app/_lib/request-origin";
import { serverAction } from "@/app/_lib/server-action";
import { currentSession, requestIp } from "@/app/_lib/session";
import { createLoginRateLimit } from "@/lib/auth/login-rate-limit";
import { revokeSession } from "@/lib/auth/revoke-session";
import { verifySecondFactor } from "@/lib/auth/verify-second-factor";
import { db as webDb } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { redis } from "@/lib/redis/client";
import { signUp } from "@/lib/users/sign-up";

/** Only same-site paths: an open redirect after sign-in would help phishing. */
function safeReturnPath(value: FormDataEntryValue | null, fallback: string): string {
  return typeof value === "string" && /^\/(?!\/)[^\\]*$/.test(value) ? value : fallback;
}

const SIGN_IN_MESSAGES: Record<string, string> = {
  rate_limited: "Too many failed sign-ins for this account or network. Wait 15 minutes and try again.",
  invalid: "That e-mail and password don't match an account.",
};

/**
 * Signs in and redirects; a refusal comes back as the form's message. An account with two-factor
 * sign-in gets a session that waits for the code, and goes to the second step first.
 */
async function signInOrExplain(
  email: string,
  password: string,
  redirectTo: string,
  twoFactorEnabled: (email: string) => Promise<boolean>,
): Promise<ActionState> {
  try {
    await signIn("credentials", { email, password, redirect: false });
  } catch (error) {
    // Only Auth.js's own errors are answers for the form.
    if (!(error instanceof AuthError)) throw error;
    const code = error instanceof CredentialsSignin ? error.code : "invalid";
    return { ok: false, message: SIGN_IN_MESSAGES[code] ?? SIGN_IN_MESSAGES.invalid, values: { email } };
  }
  if (await twoFactorEnabled(email)) redirect(`/sign-in/two-factor?next=${encodeURIComponent(redirectTo)}`);
  redirect(redirectTo);
}

export async function signInAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  return serverAction({ form: formData }, async (deps) =>
    signInOrExplain(
      String(formData.get("email") ?? ""),
      String(formData.get("password") ?? ""),
      safeReturnPath(formData.get("next"), "/"),
      async (email) => {
        // Read only after the password passed, so it tells a stranger nothing.
        const user = await deps.db.user.findUnique({
          where: { email: email.trim().toLowerCase() },
          select: { twoFactor: { select: { enabledAt: true } } },
        });
        return Boolean(user?.twoFactor?.enabledAt);
      },
    ),
  );
}

export async function signUpAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const input = {
    name: String(formData.get("name") ?? ""),
    email: String(formData.get("email") ?? ""),
    password: String(formData.get("password") ?? ""),
    workspaceName: String(formData.get("workspaceName") ?? ""),
  };
  return serverAction({ form: formData }, async (deps) => {
    const { workspace } = await signUp(deps.db, input);
    return signInOrExplain(input.email, input.password, `/w/${workspace.slug}`, async () => false);
  });
}

/** The second step of signing in: the code from the app, or a recovery code. */
export async function verifySecondFactorAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  return serverAction({ form: formData }, async (deps) => {
    const resolved = await currentSession();
    if (!resolved) redirect("/sign-in");
    if (resolved.session.secondFactorPending) {
      await verifySecondFactor(
        { db: deps.db, box: deps.box, limiter: createLoginRateLimit(redis(), deps.env.LOGIN_MAX_FAILURES) },
        {
          userId: resolved.user.id,
          email: resolved.user.email,
          sessionId: resolved.session.id,
          code: formData.get("code"),
          ip: await requestIp(),
          origin: await currentRequestOrigin(),
        },
      );
    }
    redirect(safeReturnPath(formData.get("next"), "/"));
  });
}

/** Signs this browser out: its session row is revoked too, so a copy of the cookie is worth nothing. */
export async function signOutAction(): Promise<void> {
  const resolved = await currentSession();
  if (resolved) {
    await revokeSession(webDb(), resolved.user.id, resolved.session.id).catch((error: unknown) => {
      if (!isAppError(error, "NOT_FOUND")) throw error;
    });
  }
  await signOut({ redirectTo: "/sign-in" });
}
