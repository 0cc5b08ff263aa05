"use server";

import { revalidatePath } from "next/cache";
import QRCode from "qrcode";
import type { ActionState } from "@/app/_lib/action-state";
import { signOut } from "@/app/_lib/auth";
import { userAction } from "@/app/_lib/server-action";
import { currentSession, requestIp } from "@/app/_lib/session";
import { beginTwoFactorEnrolment } from "@/lib/auth/begin-two-factor-enrolment";
import { confirmPassword } from "@/lib/auth/confirm-password";
import { confirmTwoFactorEnrolment } from "@/lib/auth/confirm-two-factor-enrolment";
import { disableTwoFactor } from "@/lib/auth/disable-two-factor";
import { createLoginRateLimit } from "@/lib/auth/login-rate-limit";
import type { ResolvedSession } from "@/lib/auth/resolve-session";
import { revokeAllSessions } from "@/lib/auth/revoke-all-sessions";
import { revokeSession } from "@/lib/auth/revoke-session";
import { AppError } from "@/lib/errors";
import { redis } from "@/lib/redis/client";

const PAGE = "/account/security";

/** The acting browser's session: these actions are about it, so it is read, never trusted from the form. */
async function thisSession(): Promise<ResolvedSession> {
  const resolved = await currentSession();
  if (!resolved || resolved.session.secondFactorPending)
    throw new AppError("UNAUTHENTICATED", "Sign in again.");
  return resolved;
}

const limiter = (max: number) => createLoginRateLimit(redis(), max);

export async function revokeSessionAction(sessionId: string, _prev: ActionState, formData: FormData) {
  return userAction(PAGE, { args: { sessionId }, form: formData }, async (user, deps) => {
    const own = await thisSession();
    await revokeSession(deps.db, user.id, sessionId);
    if (sessionId === own.session.id) await signOut({ redirectTo: "/sign-in" });
    revalidatePath(PAGE);
    return { ok: true, message: "Signed out on that device." };
  });
}

/** "Sign out everywhere": every other browser, or (`everywhere=all`) this one too. */
export async function signOutEverywhereAction(_prev: ActionState, formData: FormData) {
  return userAction(PAGE, { form: formData }, async (user, deps) => {
    const own = await thisSession();
    const includingThis = formData.get("everywhere") === "all";
    const count = await revokeAllSessions(
      deps.db,
      user.id,
      includingThis ? {} : { exceptSessionId: own.session.id },
    );
    if (includingThis) await signOut({ redirectTo: "/sign-in" });
    revalidatePath(PAGE);
    return {
      ok: true,
      message:
        count === 0
          ? "No other device was signed in."
          : `Signed out on ${count} other device${count === 1 ? "" : "s"}.`,
    };
  });
}

/** Starts enrolment: the secret comes back once, as a QR code and as text. */
export async function beginTwoFactorAction(_prev: ActionState, formData: FormData) {
  return userAction(PAGE, { form: formData }, async (user, deps) => {
    const { secret, uri } = await beginTwoFactorEnrolment({ db: deps.db, box: deps.box }, user);
    const qr = await QRCode.toDataURL(uri, { margin: 1, width: 220 });
    return { ok: true, data: { secret, qr } };
  });
}

export async function confirmTwoFactorAction(_prev: ActionState, formData: FormData) {
  return userAction(PAGE, { form: formData }, async (user, deps) => {
    const { recoveryCodes } = await confirmTwoFactorEnrolment(
      { db: deps.db, box: deps.box },
      user.id,
      formData.get("code"),
    );
    // No revalidation here: the page would re-render as "on" and the codes, shown only in this
    // answer, would vanish before the person saved them. Their "Done" reloads it.
    return {
      ok: true,
      message: "Two-factor sign-in is on. Save your recovery codes now: they are not shown again.",
      data: { recoveryCodes: recoveryCodes.join("\n") },
    };
  });
}

export async function disableTwoFactorAction(_prev: ActionState, formData: FormData) {
  return userAction(PAGE, { form: formData }, async (user, deps) => {
    await disableTwoFactor(
      { db: deps.db, box: deps.box, limiter: limiter(deps.env.LOGIN_MAX_FAILURES) },
      {
        userId: user.id,
        password: formData.get("password"),
        code: formData.get("code"),
        ip: await requestIp(),
      },
    );
    revalidatePath(PAGE);
    return { ok: true, message: "Two-factor sign-in is off." };
  });
}

/** "Confirm your password": opens sensitive actions in this browser for ten minutes. */
export async function confirmPasswordAction(_prev: ActionState, formData: FormData) {
  return userAction(PAGE, { form: formData }, async (user, deps) => {
    const own = await thisSession();
    await confirmPassword(
      { db: deps.db, limiter: limiter(deps.env.LOGIN_MAX_FAILURES) },
      {
        userId: user.id,
        sessionId: own.session.id,
        password: formData.get("password"),
        ip: await requestIp(),
      },
    );
    // The prompt sits beside a control on any page: that page re-renders with the control open.
    revalidatePath("/", "layout");
    return { ok: true, message: "Password confirmed for the next 10 minutes." };
  });
}
