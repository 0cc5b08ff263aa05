"use client";

import { useState } from "react";

/** Copies a link to the clipboard and says so beside the button (or says to copy it by hand). */
export function CopyButton({ text, label = "Copy link" }: { text: string; label?: string }) {
  const [result, setResult] = useState<"copied" | "failed" | null>(null);
  return (
    <span className="inline-flex items-center gap-2">
      <button
        type="button"
        className="rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-zinc-50"
        onClick={async () => {
          try {
            await navigator.clipboard.writeText(text);
            setResult("copied");
          } catch {
            setResult("failed");
          }
        }}
      >
        {label}
      </button>
      {result ? (
        <span role="status" className={`text-sm ${result === "copied" ? "text-green-800" : "text-red-800"}`}>
          {result === "copied" ? "Copied." : "Could not copy: select the link and copy it by hand."}
        </span>
      ) : null}
    </span>
  );
}
