"use client";

import { useActionState, useEffect, useState } from "react";
import { FormMessage, SubmitButton } from "@/app/_components/form";
import { type ActionState, initialActionState } from "@/app/_lib/action-state";

type Account = { key: string; label: string; note?: string; brandId: string; existing?: string };

/** One row per account the login found: a tick to connect it, and the brand it goes to. */
export function PickAccountsForm({
  action,
  accounts,
  brands,
  submitLabel,
}: {
  action: (prev: ActionState, formData: FormData) => Promise<ActionState>;
  accounts: Account[];
  brands: { id: string; name: string }[];
  submitLabel: string;
}) {
  const [state, formAction] = useActionState(action, initialActionState);
  // Ticks changed before the page came alive are reset by hydration; tests wait for this mark.
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  return (
    <form
      action={formAction}
      className="flex flex-col gap-3"
      aria-label="Accounts to connect"
      data-ready={ready ? "true" : undefined}
    >
      <ul className="flex flex-col divide-y divide-zinc-200 rounded-md border border-zinc-200 bg-white">
        {accounts.map((account) => (
          <li key={account.key} className="flex flex-col gap-2 p-3 sm:flex-row sm:items-center">
            <label className="flex flex-1 items-start gap-2">
              <input type="checkbox" name="pick" value={account.key} defaultChecked className="mt-1" />
              <span>
                <span className="font-medium">{account.label}</span>
                {account.note ? <span className="block text-sm text-zinc-600">{account.note}</span> : null}
                {account.existing ? (
                  <span className="block text-sm text-amber-800">{account.existing}</span>
                ) : null}
              </span>
            </label>
            <label className="flex items-center gap-2 text-sm">
              <span>Brand</span>
              <select
                name={`brand-${account.key}`}
                defaultValue={account.brandId}
                aria-label={`Brand for ${account.label}`}
                className="rounded-md border border-zinc-300 px-2 py-1"
              >
                {brands.map((brand) => (
                  <option key={brand.id} value={brand.id}>
                    {brand.name}
                  </option>
                ))}
              </select>
            </label>
          </li>
        ))}
      </ul>
      <FormMessage state={state} />
      <div>
        <SubmitButton pendingLabel="Connecting…">{submitLabel}</SubmitButton>
      </div>
    </form>
  );
}
