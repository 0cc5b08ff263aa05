"use client";

import * as Toast from "@radix-ui/react-toast";
import { createContext, type ReactNode, useCallback, useContext, useRef, useState } from "react";
import Link from "@/app/_components/ui/link";

/**
 * The outcome of an action, said once for the whole app: shown as a toast and read out by screen
 * readers. The refusal beside the control stays where it is; this is the one place a person (or
 * their screen reader) hears about every outcome, including those whose control leaves the page
 * in the same refresh that brings the answer (Retry on the home page, Delete in the library).
 */
export type Announcement = {
  ok: boolean;
  text: string;
  href?: string;
  linkText?: string;
  /**
   * The control it answers: a newer outcome of the same control replaces the older one, so a
   * refusal that a second try fixed does not stay up beside (or, once the control has left the
   * page, instead of) the success.
   */
  source?: string;
};

type Shown = Announcement & { id: number };

const AnnounceContext = createContext<((announcement: Announcement) => void) | null>(null);

// A refusal, or a success that offers a way on, stays up longer than a plain success: the person
// has something to read and act on. All pause while the pointer or focus is on them (Radix), and
// F8 moves focus to them.
const SUCCESS_MS = 6_000;
const ACT_ON_MS = 12_000;
// Older toasts make room for newer ones rather than stacking up over the page.
const MAX_SHOWN = 3;

/** Announces an action's outcome in the app's notification region (mounted once, in the root layout). */
export function useAnnounce(): (announcement: Announcement) => void {
  const announce = useContext(AnnounceContext);
  if (!announce) throw new Error("useAnnounce needs <AnnouncerProvider> (app/layout.tsx mounts it).");
  return announce;
}

/** The notification region and its provider; mount once, around the whole app. */
export function AnnouncerProvider({ children }: { children: ReactNode }) {
  const [shown, setShown] = useState<Shown[]>([]);
  const nextId = useRef(1);
  const announce = useCallback((announcement: Announcement) => {
    const id = nextId.current++;
    setShown((current) =>
      [
        ...current.filter((item) => !announcement.source || item.source !== announcement.source),
        { ...announcement, id },
      ].slice(-MAX_SHOWN),
    );
  }, []);
  const dismiss = useCallback((id: number) => {
    setShown((current) => current.filter((item) => item.id !== id));
  }, []);
  return (
    <AnnounceContext.Provider value={announce}>
      <Toast.Provider label="Notification" swipeDirection="right">
        {children}
        {shown.map((item) => (
          <Toast.Root
            key={item.id}
            // A refusal interrupts (assertive); a success waits its turn (polite).
            type={item.ok ? "background" : "foreground"}
            duration={item.ok && !item.href ? SUCCESS_MS : ACT_ON_MS}
            onOpenChange={(open) => {
              if (!open) dismiss(item.id);
            }}
            data-testid="toast"
            data-outcome={item.ok ? "success" : "refusal"}
            className={`flex items-start gap-3 rounded-md border px-4 py-3 text-sm shadow-lg ${
              item.ok
                ? "border-green-200 bg-green-50 text-green-900"
                : "border-red-200 bg-red-50 text-red-900"
            }`}
          >
            {/* min-w-0 and wrap-anywhere: a long URL in the text wraps instead of leaving the screen. */}
            <Toast.Description className="min-w-0 flex-1 wrap-anywhere">
              {item.text}
              {item.href ? (
                <>
                  {" "}
                  <Link href={item.href} className="font-medium underline underline-offset-2">
                    {item.linkText ?? "Open"}
                  </Link>
                </>
              ) : null}
            </Toast.Description>
            <Toast.Close
              aria-label="Dismiss"
              className="-my-1 rounded px-1.5 py-0.5 text-base leading-none opacity-70 hover:opacity-100"
            >
              ×
            </Toast.Close>
          </Toast.Root>
        ))}
        <Toast.Viewport
          label="Notifications ({hotkey})"
          className="fixed right-4 bottom-4 z-50 flex w-[min(24rem,calc(100vw-2rem))] flex-col gap-2 outline-none"
        />
      </Toast.Provider>
    </AnnounceContext.Provider>
  );
}
