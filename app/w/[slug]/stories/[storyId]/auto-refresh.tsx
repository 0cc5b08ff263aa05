"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { refreshDelay } from "./refresh-delay";

/**
 * Re-renders the server page while `active`: the story page follows the pipeline without a
 * socket. The server decides `active` from the story's status, so the refreshing stops by itself
 * once the story has ended. `dueAt` (a scheduled story's time) slows the refreshing down until
 * then (refreshDelay).
 */
export function AutoRefresh({
  active,
  dueAt = null,
  everyMs = 2_000,
  idleMs = 30_000,
}: {
  active: boolean;
  /** ISO time; null once the story is publishing or has no time. */
  dueAt?: string | null;
  everyMs?: number;
  idleMs?: number;
}) {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    const due = dueAt ? Date.parse(dueAt) : null;
    let timer: ReturnType<typeof setTimeout>;
    const next = () => {
      timer = setTimeout(
        () => {
          router.refresh();
          next();
        },
        refreshDelay(Date.now(), due, everyMs, idleMs),
      );
    };
    next();
    return () => clearTimeout(timer);
  }, [active, dueAt, everyMs, idleMs, router]);
  return null;
}
