import { redirect } from "next/navigation";
import { LocalTime } from "@/app/_components/local-time";
import { MAIN_ID } from "@/app/_components/ui/skip-link";
import { currentSession } from "@/app/_lib/session";
import { signOutAction } from "@/app/(auth)/actions";
import { restoreAccountAction } from "../deletion-actions";
import { RestoreAccountForm } from "./restore-account-form";

export const metadata = { title: "Restore your account" };

// Not requireUser: it sends an account in its grace period here, and this page must open for it.
export default async function RestoreAccountPage() {
  const resolved = await currentSession();
  if (!resolved || resolved.session.secondFactorPending) redirect("/sign-in?next=/account/restore");
  const { user } = resolved;
  if (!user.deleteAfter) redirect("/");
  return (
    <main id={MAIN_ID} tabIndex={-1} className="outline-none mx-auto flex max-w-lg flex-col gap-4 px-4 py-8">
      <h1 className="text-2xl font-semibold">Your account is scheduled for deletion</h1>
      <p>
        {user.email} and the workspaces where you are the only member will be deleted on{" "}
        <LocalTime instant={user.deleteAfter.toISOString()} />. Until then you can restore everything as it
        was.
      </p>
      <RestoreAccountForm action={restoreAccountAction} />
      <form action={signOutAction}>
        <button type="submit" className="text-sm text-zinc-600 underline">
          Sign out and keep the deletion
        </button>
      </form>
    </main>
  );
}
