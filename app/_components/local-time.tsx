"use client";

import { useSyncExternalStore } from "react";
import { formatInstant, SERVER_LOCALE, type TimeStyle } from "@/lib/core/instant-format";

// The one way the dashboard shows an instant (its shape is lib/core/instant-format.ts's): in the
// viewer's own zone and locale, naming another zone whenever the time shown is not the viewer's. The viewer's zone is known only in the
// browser, so the server renders the time in the given zone with that zone named, and the
// viewer's time replaces it after hydration (server and client markup agree on first render).

const noSubscription = () => () => undefined;
const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
const serverZone = () => null;

/** The browser's IANA zone; null while rendering on the server and before hydration. */
export function useViewerZone(): string | null {
  return useSyncExternalStore(noSubscription, browserZone, serverZone);
}

export { formatInstant, type TimeStyle };

/** The locale of the server's render and of hydration, before the browser's is used. */
const FIRST_RENDER_LOCALE = SERVER_LOCALE;

/**
 * An instant as the viewer reads it. With `zone` (a brand's), the brand's time follows the
 * viewer's — "Sat 5 Dec, 14:00 your time · 09:00 in America/New_York" — unless both read the same.
 * Without one, the viewer's time alone (UTC, named, until the browser's zone is known).
 */
export function LocalTime({ instant, zone, style }: { instant: string; zone?: string; style?: TimeStyle }) {
  const viewerZone = useViewerZone();
  const date = new Date(instant);
  const shownZone = zone ?? "UTC";
  if (
    viewerZone === null ||
    viewerZone === shownZone ||
    formatInstant(date, viewerZone, style) === formatInstant(date, shownZone, style)
  ) {
    return (
      <time dateTime={instant} className="tabular-nums">
        {viewerZone === null
          ? formatInstant(date, shownZone, style, FIRST_RENDER_LOCALE)
          : formatInstant(date, viewerZone, style)}
        {viewerZone === null ? <span className="text-zinc-500"> ({shownZone})</span> : null}
      </time>
    );
  }
  if (!zone) {
    return (
      <time dateTime={instant} className="tabular-nums">
        {formatInstant(date, viewerZone, style)}
      </time>
    );
  }
  return (
    <time dateTime={instant} className="tabular-nums">
      {formatInstant(date, viewerZone, style)} <span className="text-zinc-500">your time</span>
      <span className="text-zinc-500">
        {" "}
        · {formatInstant(date, zone, style)} in {zone}
      </span>
    </time>
  );
}
