"use client";

import { useId } from "react";
import { CopyButton } from "@/app/_components/copy-button";

/** A value to paste elsewhere (a redirect URI into the Meta app), selectable and with a copy button. */
export function CopyField({ label, value, copyLabel }: { label: string; value: string; copyLabel?: string }) {
  const id = useId();
  return (
    <div className="flex flex-col gap-1" data-testid="copy-field">
      <label htmlFor={id} className="text-xs font-medium text-zinc-700">
        {label}
      </label>
      <div className="flex flex-wrap items-center gap-2">
        <input
          id={id}
          readOnly
          value={value}
          onFocus={(event) => event.currentTarget.select()}
          className="min-w-0 flex-1 rounded-md border border-zinc-300 bg-zinc-50 px-3 py-2 font-mono text-xs"
        />
        <CopyButton value={value} ariaLabel={copyLabel ?? `Copy ${label}`} />
      </div>
    </div>
  );
}
