import { notFound } from "next/navigation";
import type { NextRequest } from "next/server";
import { webDeps } from "@/app/_lib/deps";
import { withRequestOrigin } from "@/app/_lib/request-origin";
import { requireUser } from "@/app/_lib/session";
import { requireTwoFactorWhereRequired } from "@/app/_lib/workspace";
import { getWorkspaceOverview, type OverviewStory } from "@/lib/analytics/get-workspace-overview";
import { recordExport } from "@/lib/audit/record-export";
import { customRangeProblem } from "@/lib/core/analytics-period";
import { formatWallClock, wallClockAt } from "@/lib/core/wall-clock";
import { isAppError } from "@/lib/errors";
import { exportRow } from "@/lib/import/csv-format";
import { resolveWorkspaceContext } from "@/lib/workspaces/resolve-workspace-context";

const COLUMNS = [
  "brand",
  "story",
  "channel",
  "platform",
  "published_at_utc",
  "published_local",
  "time_zone",
  "frames",
  "views",
  "reach",
  "replies",
  "shares",
  "follows",
  "profile_visits",
  "interactions",
  "completion",
  "final",
  "too_few_viewers",
];

const number = (value: number | null) => (value === null ? "" : String(value));

function cells(story: OverviewStory): string[] {
  const t = story.totals;
  return [
    story.brandName,
    story.title,
    story.channelName,
    story.platform,
    story.publishedAt.toISOString(),
    formatWallClock(wallClockAt(story.publishedAt, story.timeZone)).replace("T", " "),
    story.timeZone,
    String(t.frameCount),
    number(t.views),
    number(t.reach),
    number(t.replies),
    number(t.shares),
    number(t.follows),
    number(t.profileVisits),
    number(t.totalInteractions),
    t.completion === null ? "" : t.completion.toFixed(3),
    story.final ? "yes" : "no",
    t.tooFewViewers ? "yes" : "no",
  ];
}

// GET /w/[slug]/analytics/export.csv?from=&to= – every visible brand's stories with numbers, one row per channel
export async function GET(request: NextRequest, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const user = await requireUser(request.nextUrl.pathname);
  const from = request.nextUrl.searchParams.get("from") ?? "";
  const to = request.nextUrl.searchParams.get("to") ?? "";
  const problem = customRangeProblem(from, to);
  if (problem) {
    return new Response(`Bad request: ${problem} Use ?from=2026-11-01&to=2026-11-30.`, {
      status: 400,
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  }
  const deps = webDeps();
  let stories: OverviewStory[];
  try {
    const ctx = await withRequestOrigin(await resolveWorkspaceContext(deps.db, user.id, slug));
    await requireTwoFactorWhereRequired(ctx, user.id);
    stories = (await getWorkspaceOverview(deps.db, ctx, { from, to })).stories;
    await recordExport(deps.db, ctx, {
      action: "export.analytics",
      data: { from, to, rows: stories.length },
    });
  } catch (error) {
    if (isAppError(error, "NOT_FOUND") || isAppError(error, "FORBIDDEN")) notFound();
    throw error;
  }
  // Row by row: a big agency's year is many thousand rows, and each cell goes through exportRow,
  // which makes a title like "=HYPERLINK(…)" text in a spreadsheet rather than a formula.
  let index = -1;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const encoder = new TextEncoder();
      for (let chunk = 0; chunk < 500; chunk++) {
        if (index === -1) controller.enqueue(encoder.encode(exportRow(COLUMNS)));
        else if (index < stories.length)
          controller.enqueue(encoder.encode(exportRow(cells(stories[index] as OverviewStory))));
        else {
          controller.close();
          return;
        }
        index++;
      }
    },
  });
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      // Built from checked dates only: the workspace's name may hold characters a header cannot carry.
      "content-disposition": `attachment; filename="storyrelay-analytics-${from}-to-${to}.csv"`,
      "cache-control": "private, no-store",
    },
  });
}
