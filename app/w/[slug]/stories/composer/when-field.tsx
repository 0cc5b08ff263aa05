"use client";

import { formatInstant, useViewerZone } from "@/app/_components/local-time";
import { parseWallClock, wallClockToInstant } from "@/lib/core/wall-clock";

/**
 * The time in the brand's zone (what is stored and what the brand's audience sees), with the
 * viewer's own local time beside it, updated as they type. The viewer's zone is only known in the
 * browser, so that line appears after hydration. `problem` is why the server would refuse this
 * time for a schedule (checked live with the server's rule and words); `error` is the server's own
 * refusal of the last submission.
 */
export function WhenField({
  value,
  onChange,
  timeZone,
  problem,
  error,
}: {
  value: string;
  onChange: (value: string) => void;
  timeZone: string;
  problem?: string | null;
  error?: string;
}) {
  const viewerZone = useViewerZone();
  const wall = parseWallClock(value);
  const instant = wall ? wallClockToInstant(wall, timeZone) : null;
  const shown = problem ?? error;
  const describedBy = ["when-viewer", shown ? "when-error" : null].filter(Boolean).join(" ");
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor="composer-when" className="text-sm font-medium">
        Time ({timeZone})
      </label>
      <input
        id="composer-when"
        type="datetime-local"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={shown ? true : undefined}
        aria-describedby={describedBy}
        className="rounded-md border border-zinc-300 bg-white px-3 py-2 aria-[invalid]:border-red-500"
      />
      <p id="when-viewer" className="text-xs text-zinc-600" aria-live="polite" data-testid="viewer-time">
        {instant && viewerZone
          ? viewerZone === timeZone
            ? "That is your local time too."
            : `Your time: ${formatInstant(instant, viewerZone)} (${viewerZone})`
          : "Pick a date and time."}
      </p>
      {shown ? (
        <p id="when-error" className="text-sm text-red-700" data-testid="when-problem">
          {shown}
        </p>
      ) : null}
    </div>
  );
}
