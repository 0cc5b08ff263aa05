"use client";

import { LocalTime } from "@/app/_components/local-time";

export type BestSlot = {
  /** "yyyy-MM-ddTHH:mm" in the brand's zone: the time field's value. */
  local: string;
  instant: string;
  timeZone: string;
  /** "median reach 900 over 4 stories" */
  why: string;
};

/** The brand's best upcoming times as buttons: choosing one fills the composer's time. */
export function BestSlots({
  slots,
  chosen,
  onChoose,
}: {
  slots: BestSlot[];
  chosen: string;
  onChoose: (local: string) => void;
}) {
  return (
    <div className="flex flex-col gap-1" data-testid="best-slots">
      <p className="text-sm font-medium">Best times from this brand&apos;s history</p>
      <div className="flex flex-wrap gap-2">
        {slots.map((slot) => (
          <button
            key={slot.local}
            type="button"
            onClick={() => onChoose(slot.local)}
            aria-pressed={chosen === slot.local}
            title={slot.why}
            className="rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm hover:border-brand-600 aria-pressed:border-brand-600 aria-pressed:bg-brand-50"
          >
            <LocalTime instant={slot.instant} zone={slot.timeZone} style="weekday-time" />
          </button>
        ))}
      </div>
    </div>
  );
}
