"use client";

import { ActionButtonForm, type ButtonAction } from "@/app/_components/action-button";

/** Deletes one library file after the person confirms; a refusal is shown next to the button. */
export function DeleteAssetButton({ action, name }: { action: ButtonAction; name: string }) {
  return (
    <ActionButtonForm
      action={action}
      label="Delete"
      pendingLabel="Deleting…"
      ariaLabel={`Delete ${name}`}
      className="rounded-md border border-zinc-300 px-2 py-1 text-sm text-red-700 hover:bg-red-50 disabled:opacity-60"
      subject={`“${name}”`}
      confirm={{
        title: `Delete “${name}”?`,
        description: "It leaves the media library. This cannot be undone.",
        confirmLabel: "Delete file",
        destructive: true,
      }}
    />
  );
}
