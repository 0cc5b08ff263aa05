"use client";

import { useSyncExternalStore } from "react";

// The viewer's own zone is known only in the browser: these render nothing on the server and
// fill in after hydration, so server and client markup agree.

const noSubscription = () => () => undefined;
const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
const serverZone = () => null;

function useViewerZone(): string | null {
  return useSyncExternalStore(noSubscription, browserZone, serverZone);
}

export function ViewerZone() {
  const zone = useViewerZone();
  return zone ? <span>Your time zone: {zone}.</span> : null;
}

const timeFormats = new Map<string, Intl.DateTimeFormat>();

/** "· 03:00 your time" when the viewer's zone shows `instant` differently from `storyZone`. */
export function ViewerTime({ instant, storyZone }: { instant: string; storyZone: string }) {
  const zone = useViewerZone();
  if (!zone || zone === storyZone) return null;
  let format = timeFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-GB", {
      timeZone: zone,
      weekday: "short",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    timeFormats.set(zone, format);
  }
  return <span className="text-zinc-500"> · {format.format(new Date(instant))} your time</span>;
}
