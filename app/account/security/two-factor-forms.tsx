"use client";

import { useActionState } from "react";
import { Field, FormMessage, SubmitButton } from "@/app/_components/form";
import { initialActionState } from "@/app/_lib/action-state";
import { beginTwoFactorAction, confirmTwoFactorAction, disableTwoFactorAction } from "./actions";

/**
 * Enrolment in three steps on one page: start (a new secret), scan and confirm with a code, then
 * the recovery codes, shown once.
 */
export function TwoFactorSetup() {
  const [begun, begin] = useActionState(beginTwoFactorAction, initialActionState);
  const [confirmed, confirm] = useActionState(confirmTwoFactorAction, initialActionState);
  const recoveryCodes = confirmed.ok ? confirmed.data?.recoveryCodes?.split("\n") : undefined;
  if (recoveryCodes) {
    return (
      <div className="flex flex-col gap-3 rounded-md border border-zinc-200 bg-white p-4">
        <FormMessage state={confirmed} />
        <h3 className="font-medium">Your recovery codes</h3>
        <p className="text-sm text-zinc-600">
          Each works once, instead of a code from your app, if you lose your phone. Keep them somewhere safe.
        </p>
        <ul className="grid grid-cols-2 gap-1 font-mono text-sm" data-testid="recovery-codes">
          {recoveryCodes.map((code) => (
            <li key={code}>{code}</li>
          ))}
        </ul>
        {/* A full load: the page's server part shows two-factor as on from then. */}
        <a href="/account/security" className="self-start font-medium text-brand-700 underline">
          I have saved them
        </a>
      </div>
    );
  }
  if (!begun.ok || !begun.data?.secret) {
    return (
      <form action={begin} className="flex flex-col items-start gap-2">
        <FormMessage state={begun} />
        <SubmitButton pendingLabel="Starting…">Set up two-factor sign-in</SubmitButton>
      </form>
    );
  }
  return (
    <div className="flex flex-col gap-3 rounded-md border border-zinc-200 bg-white p-4">
      <p className="text-sm">
        Scan this code with an authenticator app (Google Authenticator, 1Password, Authy…), or type the key
        below into it.
      </p>
      {/* A data: URL made on the server: the secret never goes to a third-party QR service. */}
      {/* biome-ignore lint/performance/noImgElement: a data: URL, nothing for next/image to optimise */}
      <img src={begun.data.qr} alt="QR code for your authenticator app" width={220} height={220} />
      <p className="text-sm">
        Key:{" "}
        <code data-testid="totp-secret" className="break-all font-mono">
          {begun.data.secret}
        </code>
      </p>
      <form action={confirm} className="flex flex-col gap-3" noValidate>
        <FormMessage state={confirmed} />
        <Field
          label="Code from the app"
          name="code"
          autoComplete="one-time-code"
          hint="The 6 digits the app shows now."
          required
          state={confirmed}
        />
        <SubmitButton pendingLabel="Checking…">Turn on two-factor sign-in</SubmitButton>
      </form>
    </div>
  );
}

/** Turning it off asks for the password and a code: an unlocked browser alone is not enough. */
export function DisableTwoFactorForm() {
  const [state, action] = useActionState(disableTwoFactorAction, initialActionState);
  return (
    <details className="rounded-md border border-zinc-200 bg-white p-4">
      <summary className="cursor-pointer text-sm font-medium">Turn off two-factor sign-in</summary>
      <form action={action} className="mt-3 flex flex-col gap-3" noValidate>
        <FormMessage state={state} />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          state={state}
        />
        <Field
          label="Code from your app, or a recovery code"
          name="code"
          autoComplete="one-time-code"
          required
          state={state}
        />
        <SubmitButton pendingLabel="Turning off…">Turn off</SubmitButton>
      </form>
    </details>
  );
}
