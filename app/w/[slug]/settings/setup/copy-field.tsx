"use client";

import { useId, useState } from "react";

/** A value to paste elsewhere (a redirect URI into the Meta app), selectable and with a copy button. */
export function CopyField({ label, value }: { label: string; value: string }) {
  const id = useId();
  const [copied, setCopied] = useState<"yes" | "no" | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied("yes");
    } catch {
      // No clipboard (an insecure origin, a denied permission): the value stays selectable.
      setCopied("no");
    }
  };
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
        <button
          type="button"
          onClick={copy}
          aria-label={`Copy ${label} redirect URI`}
          className="rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-zinc-50"
        >
          Copy
        </button>
      </div>
      <span
        role="status"
        className={
          copied === "no" ? "text-xs font-medium text-red-700" : "text-xs font-medium text-emerald-700"
        }
      >
        {copied === "yes"
          ? "Copied."
          : copied === "no"
            ? "Could not copy: select it and copy it yourself."
            : null}
      </span>
    </div>
  );
}
