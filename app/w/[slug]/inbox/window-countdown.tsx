"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { formatRemaining } from "@/lib/core/reply-window";

/** A reply window as the page hands it to the browser (dates as ISO strings). */
export type WindowView =
  | { kind: "always" }
  | { kind: "open" | "tagged"; closesAt: string }
  | { kind: "closed"; reason: string };

/** The current time, ticking every 30 s; null until mounted (the server renders without it). */
export function useNow(everyMs = 30_000): number | null {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/**
 * "Reply window closes in 3 h 12 min", counting down in the browser; when it reaches zero the
 * page is re-rendered, and the server says what applies next (the human-agent tag, or closed).
 */
export function WindowCountdown({ window, platformName }: { window: WindowView; platformName: string }) {
  const router = useRouter();
  const now = useNow();
  const closesAt = window.kind === "open" || window.kind === "tagged" ? Date.parse(window.closesAt) : null;
  const left = closesAt !== null && now !== null ? closesAt - now : null;
  useEffect(() => {
    if (left !== null && left <= 0) router.refresh();
  }, [left, router]);
  if (window.kind === "always") {
    return <p className="text-sm text-zinc-600">{platformName} has no reply window: answer any time.</p>;
  }
  if (window.kind === "closed") {
    return (
      <p role="note" className="text-sm text-amber-800" data-testid="window-closed">
        {window.reason}
      </p>
    );
  }
  const remaining = left === null ? null : formatRemaining(Math.max(0, left));
  return (
    <p className="text-sm text-zinc-700" data-testid="window-countdown">
      {window.kind === "open" ? "Reply window closes in " : "Human-agent window closes in "}
      <span className="font-medium tabular-nums">{remaining ?? "…"}</span>
      {window.kind === "tagged" ? " (the standard 24 hours have passed; a person may still answer)" : null}
    </p>
  );
}
