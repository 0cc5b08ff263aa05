"use client";

import { LocalTime } from "@/app/_components/local-time";

/** "Sat 5 Dec, 14:00 your time · 09:00 in America/New_York": the viewer's time, the brand's beside it. */
export function HomeTime({ instant, zone }: { instant: string; zone: string }) {
  return <LocalTime instant={instant} zone={zone} />;
}
