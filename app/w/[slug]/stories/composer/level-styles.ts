import type { CheckLevel } from "@/lib/core/story-checks";

/** Each level has a word and a symbol as well as a colour, so colour is never the only signal. */
export const LEVEL_STYLES: Record<
  CheckLevel,
  { label: string; symbol: string; badge: string; cell: string }
> = {
  ok: { label: "OK", symbol: "✓", badge: "bg-green-50 text-green-800", cell: "bg-green-50" },
  warning: { label: "Warning", symbol: "!", badge: "bg-amber-100 text-amber-900", cell: "bg-amber-50" },
  error: { label: "Error", symbol: "✕", badge: "bg-red-100 text-red-800", cell: "bg-red-50" },
};
