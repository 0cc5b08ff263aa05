"use client";

import { useState } from "react";

/**
 * "Copy" for a value to paste elsewhere, saying beside it whether it worked. Without a clipboard
 * (an insecure origin, a denied permission) it says so, and the value stays on screen to select.
 */
export function CopyButton({
  value,
  ariaLabel,
  className = "rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-zinc-50",
}: {
  value: string;
  /** What is copied, for a screen reader and for tests: "Copy the link URL". */
  ariaLabel: string;
  className?: string;
}) {
  const [copied, setCopied] = useState<"yes" | "no" | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied("yes");
    } catch {
      setCopied("no");
    }
  };
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <button type="button" onClick={copy} aria-label={ariaLabel} className={className}>
        Copy
      </button>
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
    </span>
  );
}
