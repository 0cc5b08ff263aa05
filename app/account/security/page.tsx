import { ActionButtonForm } from "@/app/_components/action-button";
import { ConfirmPasswordForm } from "@/app/_components/confirm-password-form";
import { DangerZoneForm } from "@/app/_components/deletion-forms";
import { LocalTime } from "@/app/_components/local-time";
import Link from "@/app/_components/ui/link";
import { MAIN_ID } from "@/app/_components/ui/skip-link";
import { passwordIsFresh, requireSession } from "@/app/_lib/session";
import { listSessions } from "@/lib/auth/list-sessions";
import { twoFactorStatus } from "@/lib/auth/two-factor-status";
import { db } from "@/lib/db/client";
import { listUserWorkspaces } from "@/lib/workspaces/list-user-workspaces";
import { scheduleAccountDeletionAction } from "../deletion-actions";
import { revokeSessionAction, signOutEverywhereAction } from "./actions";
import { SignOutEverywhereForm } from "./sign-out-everywhere-form";
import { DisableTwoFactorForm, TwoFactorSetup } from "./two-factor-forms";

export const metadata = { title: "Account security" };

const PAGE = "/account/security";

export default async function AccountSecurityPage({
  searchParams,
}: {
  searchParams: Promise<{ required?: string }>;
}) {
  const { user, session } = await requireSession(PAGE);
  const { required } = await searchParams;
  const [sessions, twoFactor, workspaces] = await Promise.all([
    listSessions(db(), user.id),
    twoFactorStatus(db(), user.id),
    listUserWorkspaces(db(), user.id),
  ]);
  // Only a workspace the person belongs to is named: the query string is anyone's to write.
  const requiring = workspaces.find((w) => w.slug === required);
  return (
    <main id={MAIN_ID} tabIndex={-1} className="outline-none mx-auto flex max-w-3xl flex-col gap-8 px-4 py-8">
      <p className="text-sm">
        <Link href="/" className="text-brand-700 hover:underline">
          ← StoryRelay
        </Link>
      </p>
      <header>
        <h1 className="text-2xl font-semibold">Account security</h1>
        <p className="text-sm text-zinc-600">
          Signed in as {user.name} ({user.email}).
        </p>
      </header>

      {requiring && !twoFactor.enabled ? (
        <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {requiring.name} requires two-factor sign-in. Set it up below to open the workspace.
        </p>
      ) : null}
      {requiring && twoFactor.enabled ? (
        <p className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-800">
          Two-factor sign-in is on.{" "}
          <Link href={`/w/${requiring.slug}`} className="font-medium underline">
            Continue to {requiring.name}
          </Link>
        </p>
      ) : null}

      <section aria-labelledby="two-factor-heading" className="flex flex-col gap-3">
        <h2 id="two-factor-heading" className="text-lg font-semibold">
          Two-factor sign-in
        </h2>
        {twoFactor.enabled ? (
          <>
            <p className="text-sm">
              <span className="font-medium text-green-800">On</span>
              {twoFactor.enabledAt ? (
                <>
                  {" "}
                  since <LocalTime instant={twoFactor.enabledAt.toISOString()} style="date" />
                </>
              ) : null}
              . Signing in asks for a code from your authenticator app after your password.{" "}
              {twoFactor.recoveryCodesLeft} of 10 recovery codes left.
            </p>
            <DisableTwoFactorForm />
          </>
        ) : (
          <>
            <p className="text-sm text-zinc-600">
              Off. With it on, signing in needs a code from an authenticator app on your phone as well as your
              password, so a leaked password alone does not open your clients' channels.
            </p>
            <TwoFactorSetup />
          </>
        )}
      </section>

      <section aria-labelledby="sessions-heading" className="flex flex-col gap-3">
        <h2 id="sessions-heading" className="text-lg font-semibold">
          Where you are signed in
        </h2>
        <ul className="flex flex-col divide-y divide-zinc-200 rounded-md border border-zinc-200 bg-white">
          {sessions.map((s) => (
            <li key={s.id} className="flex flex-wrap items-center gap-3 px-4 py-3" data-testid="session-row">
              <div className="min-w-0 flex-1 text-sm">
                <p className="truncate font-medium" title={s.userAgent}>
                  {describeBrowser(s.userAgent)}
                  {s.id === session.id ? (
                    <span className="ml-2 rounded bg-brand-50 px-1.5 py-0.5 text-xs text-brand-700">
                      This device
                    </span>
                  ) : null}
                </p>
                <p className="text-zinc-600">
                  {s.ip} · signed in <LocalTime instant={s.createdAt.toISOString()} /> · last seen{" "}
                  <LocalTime instant={s.lastSeenAt.toISOString()} />
                </p>
              </div>
              <ActionButtonForm
                action={revokeSessionAction.bind(null, s.id)}
                label={s.id === session.id ? "Sign out" : "Sign out this device"}
                pendingLabel="Signing out…"
                className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm"
              />
            </li>
          ))}
        </ul>
        <SignOutEverywhereForm action={signOutEverywhereAction} />
      </section>
      {(await passwordIsFresh()) ? (
        <DangerZoneForm
          action={scheduleAccountDeletionAction}
          heading="Delete my account"
          explanation="You are signed out everywhere at once. In 7 days your account is deleted, with every workspace where you are the only member. Signing in before then offers to restore it. If you are the only owner of a workspace with other members, make someone else an owner first."
          confirmLabel={`Type your e-mail address (${user.email}) to confirm`}
          confirmName="confirmEmail"
          buttonLabel="Delete my account"
        />
      ) : (
        <ConfirmPasswordForm doing="delete your account" />
      )}
    </main>
  );
}

/** A short name for a user agent ("Firefox on Linux"); the full string is in the title. */
function describeBrowser(userAgent: string): string {
  if (!userAgent) return "Unknown browser";
  const browser = /Edg\//.test(userAgent)
    ? "Edge"
    : /Firefox\//.test(userAgent)
      ? "Firefox"
      : /Chrom(e|ium)\//.test(userAgent)
        ? "Chrome"
        : /Safari\//.test(userAgent)
          ? "Safari"
          : "A browser";
  const os = /Windows/.test(userAgent)
    ? "Windows"
    : /iPhone|iPad/.test(userAgent)
      ? "iOS"
      : /Android/.test(userAgent)
        ? "Android"
        : /Mac OS X/.test(userAgent)
          ? "macOS"
          : /Linux/.test(userAgent)
            ? "Linux"
            : null;
  return os ? `${browser} on ${os}` : browser;
}
