"use client";

import { formatInstant, useViewerZone } from "@/app/_components/local-time";

export function ViewerZone() {
  const zone = useViewerZone();
  return zone ? <span>Your time zone: {zone}.</span> : null;
}

/** "· Sat 03:00 your time" when the viewer's zone shows `instant` differently from `storyZone`. */
export function ViewerTime({ instant, storyZone }: { instant: string; storyZone: string }) {
  const zone = useViewerZone();
  if (!zone || zone === storyZone) return null;
  return (
    <span className="text-zinc-500">
      {" "}
      · {formatInstant(new Date(instant), zone, "weekday-time")} your time
    </span>
  );
}
