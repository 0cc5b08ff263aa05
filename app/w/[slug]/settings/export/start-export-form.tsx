"use client";

import { useActionState } from "react";
import { FormMessage, SubmitButton } from "@/app/_components/form";
import { type ActionState, initialActionState } from "@/app/_lib/action-state";

/** Choose the whole workspace or one brand, and start. */
export function StartExportForm({
  action,
  brands,
  canExportWorkspace,
}: {
  action: (prev: ActionState, formData: FormData) => Promise<ActionState>;
  brands: { id: string; name: string }[];
  canExportWorkspace: boolean;
}) {
  const [state, formAction] = useActionState(action, initialActionState);
  const chosen = state.values?.scope ?? (canExportWorkspace ? "workspace" : (brands[0]?.id ?? ""));
  return (
    <form action={formAction} className="flex max-w-lg flex-col gap-3" noValidate>
      <label className="flex flex-col gap-1 text-sm font-medium" htmlFor="export-scope">
        What to export
        <select
          id="export-scope"
          name="scope"
          defaultValue={chosen}
          className="rounded-md border border-zinc-300 bg-white px-3 py-2 text-base font-normal"
        >
          {canExportWorkspace ? (
            <option value="workspace">The whole workspace (every brand, members)</option>
          ) : null}
          {brands.map((brand) => (
            <option key={brand.id} value={brand.id}>
              Brand: {brand.name}
            </option>
          ))}
        </select>
      </label>
      <div>
        <SubmitButton pendingLabel="Starting…">Start export</SubmitButton>
      </div>
      <FormMessage state={state} />
    </form>
  );
}
