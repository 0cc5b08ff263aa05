"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/**
 * Keeps an inbox page current without reloading: listens to the live stream (server-sent
 * events, app/api/inbox/stream) and re-renders the server page when something it shows changed.
 * With `conversationId`, only that conversation's events count. The browser reconnects by itself.
 */
export function InboxLive({ slug, conversationId }: { slug: string; conversationId?: string }) {
  const router = useRouter();
  useEffect(() => {
    const source = new EventSource(`/api/inbox/stream?workspace=${encodeURIComponent(slug)}`);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onEvent = (event: MessageEvent<string>) => {
      try {
        const data = JSON.parse(event.data) as { conversationId?: string };
        if (conversationId && data.conversationId !== conversationId) return;
      } catch {
        return;
      }
      // A burst of events (a reply and its echo) becomes one refresh.
      clearTimeout(timer);
      timer = setTimeout(() => router.refresh(), 150);
    };
    source.addEventListener("inbox", onEvent);
    return () => {
      clearTimeout(timer);
      source.removeEventListener("inbox", onEvent);
      source.close();
    };
  }, [slug, conversationId, router]);
  return null;
}
