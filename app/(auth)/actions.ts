"use server";

import { AuthError, CredentialsSignin } from "next-auth";
import type { ActionState } from "@/app/_lib/action-state";
import { signIn, signOut } from "@/app/_lib/auth";
import { serverAction } from "@/app/_lib/server-action";
import { signUp } from "@/lib/users/sign-up";

/** Only same-site paths: an open redirect after sign-in would help phishing. */
function safeReturnPath(value: FormDataEntryValue | null, fallback: string): string {
  return typeof value === "string" && /^\/(?!\/)[^\\]*$/.test(value) ? value : fallback;
}

const SIGN_IN_MESSAGES: Record<string, string> = {
  rate_limited: "Too many failed sign-ins for this account or network. Wait 15 minutes and try again.",
  invalid: "That e-mail and password don't match an account.",
};

/** Signs in and redirects; a refusal comes back as the form's message. */
async function signInOrExplain(email: string, password: string, redirectTo: string): Promise<ActionState> {
  try {
    await signIn("credentials", { email, password, redirectTo });
    return { ok: true };
  } catch (error) {
    // signIn() redirects by throwing; only Auth.js's own errors are answers for the form.
    if (!(error instanceof AuthError)) throw error;
    const code = error instanceof CredentialsSignin ? error.code : "invalid";
    return { ok: false, message: SIGN_IN_MESSAGES[code] ?? SIGN_IN_MESSAGES.invalid, values: { email } };
  }
}

export async function signInAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  return serverAction({ form: formData }, async () =>
    signInOrExplain(
      String(formData.get("email") ?? ""),
      String(formData.get("password") ?? ""),
      safeReturnPath(formData.get("next"), "/"),
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
    return signInOrExplain(input.email, input.password, `/w/${workspace.slug}`);
  });
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/sign-in" });
}
