import Link from "@/app/_components/ui/link";
import { requireWorkspace } from "@/app/_lib/workspace";
import { getWorkspaceOverview } from "@/lib/analytics/get-workspace-overview";
import { PLATFORM_DESCRIPTORS } from "@/lib/core/platforms/registry";
import { db } from "@/lib/db/client";
import { formatCount, formatPercent, formatRange } from "./analytics-ui";
import { chosenPeriod } from "./period";
import { PeriodForm } from "./period-form";

export const metadata = { title: "Analytics" };

/**
 * Every brand the member may see, side by side over the same days, for an agency's reporting,
 * with the CSV of the stories behind it. The range's days are read in UTC here (brands differ);
 * each brand's own page reads them in its zone.
 */
export default async function AnalyticsPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { slug } = await params;
  const ctx = await requireWorkspace(slug);
  const chosen = chosenPeriod(await searchParams, "UTC");
  const overview = await getWorkspaceOverview(db(), ctx, chosen.range);
  const base = `/w/${ctx.workspaceSlug}`;
  const silent = PLATFORM_DESCRIPTORS.filter((d) => d.insights.kind === "none").map((d) => d.channelLabel);
  const csv = `${base}/analytics/export.csv?from=${overview.range.from}&to=${overview.range.to}`;
  return (
    <article className="flex flex-col gap-6">
      <div className="flex flex-col gap-1">
        <h1 className="text-2xl font-semibold">Analytics</h1>
        <p className="text-sm text-zinc-600">
          Numbers StoryRelay kept of your published stories: aggregates only, never who viewed.{" "}
          {formatRange(overview.range)}, each brand&apos;s days in its own time zone.
        </p>
      </div>
      <PeriodForm chosen={chosen} />
      {/* On a phone, one card per brand; from sm up, the table that compares them side by side. */}
      <ul className="flex flex-col gap-2 sm:hidden">
        {overview.brands.map((brand) => (
          <li key={brand.id} className="rounded-md border border-zinc-200 bg-white px-3 py-2 text-sm">
            <Link
              href={`${base}/brands/${brand.id}/analytics`}
              className="font-medium text-brand-700 hover:underline"
            >
              {brand.name}
            </Link>
            <dl className="mt-1 grid grid-cols-3 gap-x-3 gap-y-1 text-xs">
              {(
                [
                  ["Published", formatCount(brand.published)],
                  ["With numbers", formatCount(brand.stories)],
                  ["Views", formatCount(brand.views)],
                  ["Reach", formatCount(brand.reach)],
                  ["Replies", formatCount(brand.replies)],
                  ["Completion", formatPercent(brand.completion)],
                ] as const
              ).map(([label, value]) => (
                <div key={label}>
                  <dt className="text-zinc-500">{label}</dt>
                  <dd className="font-semibold tabular-nums">{value}</dd>
                </div>
              ))}
            </dl>
          </li>
        ))}
      </ul>
      <div className="hidden overflow-x-auto sm:block">
        <table className="w-full min-w-[560px] text-left text-sm" data-testid="overview">
          <caption className="sr-only">Brands side by side</caption>
          <thead className="text-xs text-zinc-500">
            <tr>
              <th className="py-1 pr-2">Brand</th>
              <th className="pr-2 text-right">Published</th>
              <th className="pr-2 text-right">With numbers</th>
              <th className="pr-2 text-right">Views</th>
              <th className="pr-2 text-right">Reach</th>
              <th className="pr-2 text-right">Replies</th>
              <th className="text-right">Completion</th>
            </tr>
          </thead>
          <tbody>
            {overview.brands.map((brand) => (
              <tr key={brand.id} className="border-t border-zinc-100" data-testid="overview-brand">
                <th scope="row" className="py-1.5 pr-2 font-medium">
                  <Link
                    href={`${base}/brands/${brand.id}/analytics`}
                    className="text-brand-700 hover:underline"
                  >
                    {brand.name}
                  </Link>
                </th>
                <td className="pr-2 text-right tabular-nums">{formatCount(brand.published)}</td>
                <td className="pr-2 text-right tabular-nums">{formatCount(brand.stories)}</td>
                <td className="pr-2 text-right tabular-nums">{formatCount(brand.views)}</td>
                <td className="pr-2 text-right tabular-nums">{formatCount(brand.reach)}</td>
                <td className="pr-2 text-right tabular-nums">{formatCount(brand.replies)}</td>
                <td className="text-right tabular-nums">{formatPercent(brand.completion)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {overview.brands.length === 0 ? <p className="text-sm text-zinc-600">No brands yet.</p> : null}
      </div>
      <p className="text-sm">
        <a
          href={csv}
          download
          className="rounded-md border border-zinc-300 bg-white px-3 py-1.5 font-medium hover:bg-zinc-50"
        >
          Download CSV
        </a>{" "}
        <span className="text-zinc-600">
          One row per story and channel with numbers ({formatCount(overview.stories.length)} rows).
        </span>
      </p>
      <p className="text-xs text-zinc-500">
        Published counts every channel a story went out on; &ldquo;with numbers&rdquo; only those whose
        platform reports any ({silent.join(" and ")} stories report none through their APIs).
      </p>
    </article>
  );
}
