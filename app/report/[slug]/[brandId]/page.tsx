import Link from "@/app/_components/ui/link";
import { MAIN_ID } from "@/app/_components/ui/skip-link";
import { orNotFound } from "@/app/_lib/or-not-found";
import { requireWorkspace } from "@/app/_lib/workspace";
import { getBrandInsights } from "@/lib/analytics/get-brand-insights";
import { getBrand } from "@/lib/brands/get-brand";
import { listChannels } from "@/lib/channels/list-channels";
import { monthRange } from "@/lib/core/analytics-period";
import { formatCalendarDay } from "@/lib/core/instant-format";
import { dateInZone } from "@/lib/core/plain-date";
import { db } from "@/lib/db/client";
import { formatRange, SAMPLE_NOTE } from "../../../w/[slug]/analytics/analytics-ui";
import { BrandReport } from "../../../w/[slug]/analytics/brand-report";
import { PrintButton } from "./print-button";

export const metadata = { title: "Monthly report" };

/**
 * One brand's month as a page an agency can send its client: no app navigation around it (it is
 * outside the workspace layout), print CSS that keeps sections whole, the month picker and the
 * print button hidden on paper. Who may see the brand may see its report; nobody else.
 */
export default async function BrandReportPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string; brandId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { slug, brandId } = await params;
  const ctx = await requireWorkspace(slug);
  const brand = await orNotFound(getBrand(db(), ctx, brandId));
  const asked = (await searchParams).month;
  const current = dateInZone(new Date(), brand.timeZone).slice(0, 7);
  const month = typeof asked === "string" && monthRange(asked) ? asked : current;
  const range = monthRange(month) ?? { from: `${current}-01`, to: `${current}-01` };
  const [report, channels] = await Promise.all([
    getBrandInsights(db(), ctx, brand.id, range),
    listChannels(db(), ctx, brand.id),
  ]);
  return (
    <main
      id={MAIN_ID}
      tabIndex={-1}
      className="mx-auto flex max-w-4xl flex-col gap-6 bg-white px-6 py-8 outline-none print:max-w-none print:p-0"
    >
      <div className="flex flex-wrap items-center gap-3 print:hidden" data-testid="report-controls">
        <Link
          href={`/w/${ctx.workspaceSlug}/brands/${brand.id}/analytics`}
          className="text-sm text-brand-700 hover:underline"
        >
          ← Back to analytics
        </Link>
        <form method="get" className="flex items-end gap-2 text-sm">
          <label className="flex flex-col gap-0.5">
            <span className="text-xs text-zinc-600">Month</span>
            <input
              type="month"
              name="month"
              defaultValue={month}
              className="rounded-md border border-zinc-300 px-2 py-1"
            />
          </label>
          <button type="submit" className="rounded-md border border-zinc-300 px-3 py-1.5 font-medium">
            Show
          </button>
        </form>
        <PrintButton />
      </div>
      <header className="flex flex-col gap-1 border-b border-zinc-200 pb-4">
        <p className="text-sm text-zinc-600">{ctx.workspaceName} · Stories report</p>
        <h1 className="text-3xl font-semibold" data-testid="report-title">
          {brand.name}: {formatCalendarDay(range.from, "month")}
        </h1>
        <p className="text-sm text-zinc-600">
          {formatRange(range)}, days in {brand.timeZone}. Aggregate numbers only: no viewer is named.
        </p>
        {channels.some((c) => c.sandbox) ? (
          <p className="text-sm text-amber-800" data-testid="sample-note">
            {SAMPLE_NOTE}
          </p>
        ) : null}
      </header>
      <BrandReport report={report} storyHref={null} />
      <footer className="border-t border-zinc-200 pt-3 text-xs text-zinc-500">
        Views count every time a frame was seen; reach counts people, once per story (its largest frame
        reach). Completion is last-frame viewers ÷ first-frame viewers over stories of two frames or more.
        Prepared with StoryRelay.
      </footer>
    </main>
  );
}
