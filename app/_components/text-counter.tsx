"use client";

import type { TextCount } from "@/lib/core/text-limits";

/**
 * The live count next to a limited text field: "512 / 700 characters", amber near the limit and
 * red past it with the sentence the server refuses with. The field keeps every character typed or
 * pasted (no maxLength), so nothing is cut without a word. Only the warning and the refusal are
 * announced, not every keystroke.
 */
export function TextCounter({ id, count }: { id: string; count: TextCount }) {
  const tone =
    count.level === "error" ? "text-red-700" : count.level === "warning" ? "text-amber-800" : "text-zinc-500";
  return (
    <p id={id} className={`text-xs ${tone}`} data-testid="text-counter" data-level={count.level}>
      <span className={count.level === "error" ? "font-semibold" : undefined}>{count.counter}</span>
      <span aria-live="polite">{count.message ? ` · ${count.message}` : ""}</span>
    </p>
  );
}
