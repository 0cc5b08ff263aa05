import { INSIGHT_SLOTS, type InsightSlot, slotDueAt, stillLive } from "@/lib/core/insights";

/** The slot after `slot`, or null after the final one. */
export function nextSlot(slot: InsightSlot): InsightSlot | null {
  return INSIGHT_SLOTS[INSIGHT_SLOTS.indexOf(slot) + 1] ?? null;
}

/**
 * Whether a reading at `slot` is still worth taking at `now`: the frame is live, the slot is
 * due, and (except for the final one) the next slot is not due yet. A non-final reading that
 * comes so late that the next one is due would only be a worse copy of it, so it is skipped
 * and nothing is recorded for it; the final one is attempted until the story expires.
 */
export function slotOpen(
  publishedAt: Date,
  slot: InsightSlot,
  now: Date,
): "open" | "early" | "missed" | "expired" {
  if (!stillLive(publishedAt, now)) return "expired";
  if (now < slotDueAt(publishedAt, slot)) return "early";
  const next = nextSlot(slot);
  if (next && now >= slotDueAt(publishedAt, next)) return "missed";
  return "open";
}
