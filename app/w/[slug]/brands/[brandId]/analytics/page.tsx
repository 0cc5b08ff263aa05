import Link from "@/app/_components/ui/link";
import { orNotFound } from "@/app/_lib/or-not-found";
import { requireWorkspace } from "@/app/_lib/workspace";
import { getBestTimes } from "@/lib/analytics/get-best-times";
import { getBrandInsights } from "@/lib/analytics/get-brand-insights";
import { getBrand } from "@/lib/brands/get-brand";
import { listChannels } from "@/lib/channels/list-channels";
import { dateInZone } from "@/lib/core/plain-date";

import { db } from "@/lib/db/client";
import { formatRange, SAMPLE_NOTE } from "../../../analytics/analytics-ui";
import { BrandReport } from "../../../analytics/brand-report";
import { BestTimeHeatmap } from "../../../analytics/heatmap";
import { chosenPeriod } from "../../../analytics/period";
import { PeriodForm } from "../../../analytics/period-form";

export const metadata = { title: "Brand analytics" };

export default async function BrandAnalyticsPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string; brandId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { slug, brandId } = await params;
  const ctx = await requireWorkspace(slug);
  const brand = await orNotFound(getBrand(db(), ctx, brandId));
  const chosen = chosenPeriod(await searchParams, brand.timeZone);
  const [report, times, channels] = await Promise.all([
    getBrandInsights(db(), ctx, brand.id, chosen.range),
    getBestTimes(db(), ctx, brand.id),
    listChannels(db(), ctx, brand.id),
  ]);
  const base = `/w/${ctx.workspaceSlug}`;
  const month = dateInZone(new Date(), brand.timeZone).slice(0, 7);
  return (
    <article className="flex flex-col gap-6">
      <div className="flex flex-col gap-1">
        <p className="text-sm">
          <Link href={`${base}/analytics`} className="text-brand-700 hover:underline">
            Analytics
          </Link>{" "}
          ·{" "}
          <Link href={`${base}/brands/${brand.id}`} className="text-brand-700 hover:underline">
            {brand.name}
          </Link>
        </p>
        <h1 className="text-2xl font-semibold">{brand.name}: analytics</h1>
        <p className="text-sm text-zinc-600" data-testid="range-shown">
          {formatRange(report.range)}, days in {brand.timeZone}.
        </p>
        {channels.some((c) => c.sandbox) ? (
          <p className="text-sm text-amber-800" data-testid="sample-note">
            {SAMPLE_NOTE}
          </p>
        ) : null}
      </div>
      <PeriodForm chosen={chosen} />
      <p className="flex flex-wrap gap-3 text-sm">
        <Link
          href={`/report/${ctx.workspaceSlug}/${brand.id}?month=${month}`}
          className="rounded-md border border-zinc-300 bg-white px-3 py-1.5 font-medium hover:bg-zinc-50"
        >
          Printable monthly report
        </Link>
      </p>
      <BrandReport report={report} storyHref={(storyId) => `${base}/stories/${storyId}/insights`} />
      <BestTimeHeatmap times={times} />
    </article>
  );
}
