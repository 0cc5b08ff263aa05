"use client";

import { useSyncExternalStore } from "react";

// The viewer's zone is known only in the browser: the server renders the brand's time with its
// zone named, and after hydration the viewer's own time leads, with the brand's beside it when
// the two zones differ.

const noSubscription = () => () => undefined;
const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
const serverZone = () => null;

const formats = new Map<string, Intl.DateTimeFormat>();
function format(instant: Date, timeZone: string): string {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", {
      timeZone,
      weekday: "short",
      day: "numeric",
      month: "short",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    formats.set(timeZone, f);
  }
  return f.format(instant);
}

/** "Sat 5 Dec, 14:00" in the viewer's zone, and "· 09:00 in America/New_York" when the brand's differs. */
export function HomeTime({ instant, zone }: { instant: string; zone: string }) {
  const viewerZone = useSyncExternalStore(noSubscription, browserZone, serverZone);
  const date = new Date(instant);
  // Zones that read the same at this instant (Lisbon and UTC in winter) would only repeat it.
  if (viewerZone === null || viewerZone === zone || format(date, viewerZone) === format(date, zone)) {
    return (
      <time dateTime={instant} className="tabular-nums">
        {format(date, zone)}
        {viewerZone === null ? <span className="text-zinc-500"> ({zone})</span> : null}
      </time>
    );
  }
  return (
    <time dateTime={instant} className="tabular-nums">
      {format(date, viewerZone)} <span className="text-zinc-500">your time</span>
      <span className="text-zinc-500">
        {" "}
        · {format(date, zone)} in {zone}
      </span>
    </time>
  );
}
