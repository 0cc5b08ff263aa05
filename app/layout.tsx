import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { AnnouncerProvider } from "./_components/ui/announcer";
import { SkipLink } from "./_components/ui/skip-link";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "StoryRelay", template: "%s · StoryRelay" },
  description:
    "Plan a Story once; StoryRelay publishes it to Instagram, Facebook and WhatsApp at the right minute.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request: its scripts carry that request's CSP nonce (proxy.ts),
  // which a page prerendered at build time could not know.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen">
        {/* First in the page, so it is the first Tab stop; every page has <main id="main">. */}
        <SkipLink />
        <AnnouncerProvider>{children}</AnnouncerProvider>
      </body>
    </html>
  );
}
