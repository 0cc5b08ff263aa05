import type { Metadata, Viewport } from "next";
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

export default function RootLayout({ children }: { children: ReactNode }) {
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
