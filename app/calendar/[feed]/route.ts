import type { NextRequest } from "next/server";
import { webDeps } from "@/app/_lib/deps";
import { calendarFeedIcs } from "@/lib/calendar/calendar-feed-ics";
import { isAppError } from "@/lib/errors";

export const dynamic = "force-dynamic";

// GET /calendar/{token}.ics – a brand's iCalendar feed; the secret token is the only key
export async function GET(request: NextRequest, { params }: { params: Promise<{ feed: string }> }) {
  const { feed } = await params;
  const deps = webDeps();
  const token = feed.endsWith(".ics") ? feed.slice(0, -4) : feed;
  const baseUrl = (deps.env.PUBLIC_BASE_URL ?? request.nextUrl.origin).replace(/\/$/, "");
  try {
    const ics = await calendarFeedIcs(deps, { token, baseUrl });
    return new Response(ics, {
      headers: {
        "content-type": "text/calendar; charset=utf-8",
        "content-disposition": 'inline; filename="storyrelay.ics"',
        // The URL is a secret: no shared cache may keep it.
        "cache-control": "private, no-store",
      },
    });
  } catch (error) {
    if (isAppError(error, "NOT_FOUND")) return new Response("Not found", { status: 404 });
    throw error;
  }
}
