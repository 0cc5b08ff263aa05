"use client";

import Link from "next/link";
import { createContext, type ReactNode, useContext, useState } from "react";

// The home page's announcement line. An action started from a list row (Retry) changes the data
// the row was listed for, so the refreshed page drops the row; its answer is shown here instead,
// above the lists, where it survives that refresh.

export type HomeNotice = { ok: boolean; text: string; href?: string; linkText?: string };

const AnnounceContext = createContext<(notice: HomeNotice) => void>(() => undefined);

export function useHomeNotice() {
  return useContext(AnnounceContext);
}

export function HomeNoticeRegion({ children }: { children: ReactNode }) {
  const [notice, setNotice] = useState<HomeNotice | null>(null);
  return (
    <AnnounceContext.Provider value={setNotice}>
      <div aria-live="polite" data-testid="home-notice" className="empty:hidden">
        {notice ? (
          <p
            className={`rounded-md px-3 py-2 text-sm ${notice.ok ? "bg-green-50 text-green-800" : "bg-red-50 text-red-800"}`}
          >
            {notice.text}
            {notice.href ? (
              <>
                {" "}
                <Link href={notice.href} className="font-medium underline underline-offset-2">
                  {notice.linkText ?? "Open"}
                </Link>
              </>
            ) : null}
          </p>
        ) : null}
      </div>
      {children}
    </AnnounceContext.Provider>
  );
}
