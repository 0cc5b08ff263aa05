import { LocalTime } from "@/app/_components/local-time";
import Link from "@/app/_components/ui/link";
import type { BrandInsights, RankedStory } from "@/lib/analytics/get-brand-insights";
import { formatCalendarDay } from "@/lib/core/instant-format";
import type { InsightContentType } from "@/lib/db/generated/enums";
import { PLATFORM_LABELS } from "../channel-badge";
import { formatCount, formatPercent, LineChart, Stat } from "./analytics-ui";

const CONTENT_LABELS: Record<InsightContentType, string> = {
  PHOTO: "Photo",
  VIDEO: "Video",
  TEXT: "Text status",
};

/**
 * One brand's numbers over a range: totals, views and reach over time, by platform, by content
 * type, and the top and bottom stories. The brand analytics page and the printable report both
 * show it; `storyHref` links stories where the reader can follow them (not on paper).
 */
export function BrandReport({
  report,
  storyHref,
}: {
  report: BrandInsights;
  storyHref: ((storyId: string) => string) | null;
}) {
  const { summary } = report;
  const days = report.series.length;
  const tickEvery = Math.max(1, Math.ceil(days / 6));
  return (
    <div className="flex flex-col gap-6">
      <dl className="grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-5" data-testid="brand-summary">
        <Stat
          label="Stories with numbers"
          value={formatCount(summary.stories)}
          hint={
            summary.tooFewViewers > 0 ? `${summary.tooFewViewers} with too few viewers to report` : undefined
          }
          testId="stat-stories"
        />
        <Stat label="Views" value={formatCount(summary.views)} testId="stat-views" />
        <Stat label="Reach (people)" value={formatCount(summary.reach)} testId="stat-reach" />
        <Stat label="Replies" value={formatCount(summary.replies)} testId="stat-replies" />
        <Stat
          label="Completion"
          value={formatPercent(summary.completion)}
          hint="Last-frame viewers ÷ first-frame viewers, stories of 2+ frames"
          testId="stat-completion"
        />
      </dl>

      <section aria-labelledby="over-time-heading" className="flex flex-col gap-2 break-inside-avoid">
        <h2 id="over-time-heading" className="text-lg font-semibold">
          Over time
        </h2>
        {summary.stories === 0 ? (
          <p className="text-sm text-zinc-600" data-testid="no-stories">
            No published story with numbers in this range.
          </p>
        ) : (
          <LineChart
            testId="series-chart"
            label={`Views and reach per ${days > 62 ? "week" : "day"} from ${report.range.from} to ${report.range.to}`}
            xs={report.series.map((_, i) => i)}
            xMax={Math.max(1, days - 1)}
            series={[
              {
                name: "Views",
                color: "#6d28d9",
                values: report.series.map((p) => p.views),
              },
              {
                name: "Reach",
                color: "#0d9488",
                values: report.series.map((p) => p.reach),
              },
            ]}
            ticks={report.series
              .map((p, i) => ({ x: i, label: formatCalendarDay(p.bucket, "day").replace(/^\w+ /, "") }))
              // Every few days, leaving out one that would crowd the chart's last label.
              .filter((_, i) => i % tickEvery === 0 && (i === days - 1 || days - 1 - i >= tickEvery / 2))}
          />
        )}
      </section>

      <section aria-labelledby="platform-heading" className="flex flex-col gap-2 break-inside-avoid">
        <h2 id="platform-heading" className="text-lg font-semibold">
          By platform
        </h2>
        <div className="overflow-x-auto">
          <table className="w-full text-left text-xs sm:text-sm" data-testid="by-platform">
            <thead className="text-xs text-zinc-500">
              <tr>
                <th className="py-1 pr-2">Platform</th>
                <th className="pr-2">Published</th>
                <th className="pr-2 text-right">Views</th>
                <th className="pr-2 text-right">Reach</th>
                <th className="pr-2 text-right">Replies</th>
                <th className="text-right">Completion</th>
              </tr>
            </thead>
            <tbody>
              {report.byPlatform.map((row) => (
                <tr key={row.platform} className="border-t border-zinc-100 align-top">
                  <th scope="row" className="py-1 pr-2 font-medium">
                    {row.name}
                  </th>
                  <td className="py-1 pr-2 tabular-nums">{formatCount(row.published)}</td>
                  {row.kind === "none" ? (
                    <td colSpan={4} className="py-1 text-xs text-zinc-600">
                      {row.why}
                    </td>
                  ) : (
                    <>
                      <td className="pr-2 text-right tabular-nums">{formatCount(row.views)}</td>
                      <td className="pr-2 text-right tabular-nums">{formatCount(row.reach)}</td>
                      <td className="pr-2 text-right tabular-nums">{formatCount(row.replies)}</td>
                      <td className="text-right tabular-nums">{formatPercent(row.completion)}</td>
                    </>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="content-heading" className="flex flex-col gap-2 break-inside-avoid">
        <h2 id="content-heading" className="text-lg font-semibold">
          By content type
        </h2>
        <table className="w-full max-w-xl text-left text-sm" data-testid="by-content-type">
          <thead className="text-xs text-zinc-500">
            <tr>
              <th className="py-1 pr-2">Frames</th>
              <th className="pr-2 text-right">Count</th>
              <th className="pr-2 text-right">Views / frame</th>
              <th className="text-right">Reach / frame</th>
            </tr>
          </thead>
          <tbody>
            {report.byContentType.map((row) => (
              <tr key={row.contentType} className="border-t border-zinc-100">
                <th scope="row" className="py-1 pr-2 font-medium">
                  {CONTENT_LABELS[row.contentType]}
                </th>
                <td className="pr-2 text-right tabular-nums">{formatCount(row.frames)}</td>
                <td className="pr-2 text-right tabular-nums">{formatCount(row.viewsPerFrame)}</td>
                <td className="text-right tabular-nums">{formatCount(row.reachPerFrame)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="text-xs text-zinc-500">Text statuses go to WhatsApp, which reports no numbers.</p>
      </section>

      <div className="grid gap-6 md:grid-cols-2">
        <RankedList
          title="Top 5 stories"
          testId="top-stories"
          stories={report.top}
          timeZone={report.brand.timeZone}
          storyHref={storyHref}
        />
        <RankedList
          title="Bottom 5 stories"
          testId="bottom-stories"
          stories={report.bottom}
          timeZone={report.brand.timeZone}
          storyHref={storyHref}
          empty={report.top.length > 0 ? "Fewer than six stories: every one is in the top list." : undefined}
        />
      </div>
    </div>
  );
}

function RankedList({
  title,
  stories,
  timeZone,
  storyHref,
  testId,
  empty = "No stories with numbers in this range.",
}: {
  title: string;
  stories: RankedStory[];
  timeZone: string;
  storyHref: ((storyId: string) => string) | null;
  testId: string;
  empty?: string;
}) {
  return (
    <section className="flex flex-col gap-2 break-inside-avoid" data-testid={testId}>
      <h2 className="text-lg font-semibold">{title}</h2>
      {stories.length === 0 ? (
        <p className="text-sm text-zinc-600">{empty}</p>
      ) : (
        <ol className="flex flex-col gap-1 text-sm">
          {stories.map((story) => (
            <li
              key={story.targetId}
              className="rounded-md border border-zinc-200 bg-white px-3 py-2"
              data-testid="ranked-story"
            >
              <p className="font-medium">
                {storyHref ? (
                  <Link href={storyHref(story.storyId)} className="text-brand-700 hover:underline">
                    {story.title}
                  </Link>
                ) : (
                  story.title
                )}
              </p>
              <p className="text-xs text-zinc-600">
                {PLATFORM_LABELS[story.platform]} ·{" "}
                <LocalTime instant={story.publishedAt.toISOString()} zone={timeZone} />
              </p>
              <p className="text-xs tabular-nums">
                Reach {formatCount(story.totals.reach)} · views {formatCount(story.totals.views)} · replies{" "}
                {formatCount(story.totals.replies)}
                {story.totals.completion !== null
                  ? ` · completion ${formatPercent(story.totals.completion)}`
                  : ""}
                {story.final ? "" : " · still counting"}
              </p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
