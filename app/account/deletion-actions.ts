"use server";

import { redirect } from "next/navigation";
import { signOut } from "@/app/_lib/auth";
import { serverAction, userAction } from "@/app/_lib/server-action";
import { currentSession, requireFreshPassword } from "@/app/_lib/session";
import { AppError } from "@/lib/errors";
import { restoreAccount } from "@/lib/privacy/restore-account";
import { scheduleAccountDeletion } from "@/lib/privacy/schedule-account-deletion";

const now = () => new Date();

// A person deleting their own account (decision 035): every session ends at once, so the browser
// is signed out; signing in again during the grace period offers to restore the account.
export async function scheduleAccountDeletionAction(_prev: unknown, formData: FormData) {
  const result = await userAction("/account/security", { form: formData }, async (user, deps) => {
    await requireFreshPassword("delete your account");
    await scheduleAccountDeletion({ db: deps.db, now }, user.id, {
      confirmEmail: String(formData.get("confirmEmail") ?? ""),
    });
    return { ok: true, message: "Your account is scheduled for deletion." };
  });
  if (result.ok) await signOut({ redirectTo: "/sign-in?deleted=1" });
  return result;
}

export async function restoreAccountAction(_prev: unknown, formData: FormData) {
  const result = await serverAction({ form: formData }, async (deps) => {
    const resolved = await currentSession();
    if (!resolved || resolved.session.secondFactorPending)
      throw new AppError("UNAUTHENTICATED", "Sign in again.");
    await restoreAccount({ db: deps.db, now }, resolved.user.id);
    return { ok: true, message: "Your account is restored." };
  });
  if (result.ok) redirect("/");
  return result;
}
