import { notFound } from "next/navigation";
import Link from "@/app/_components/ui/link";
import { requireWorkspace } from "@/app/_lib/workspace";
import { CALENDAR_VIEWS, type CalendarView, shiftAnchor } from "@/lib/calendar/calendar-range";
import { type CalendarPage, listCalendarStories } from "@/lib/calendar/list-calendar-stories";
import { formatCalendarDay } from "@/lib/core/instant-format";
import { can } from "@/lib/core/roles";
import { db } from "@/lib/db/client";
import { Platform, StoryStatus } from "@/lib/db/generated/enums";
import { isAppError } from "@/lib/errors";
import { PLATFORM_LABELS } from "../channel-badge";
import { STORY_STATUS, StoryStatusBadge } from "../stories/story-labels";
import { thumbnailSigner } from "../thumbnail-urls";
import { type BoardDay, CalendarBoard } from "./calendar-board";
import { ViewerZone } from "./viewer-time";

export const metadata = { title: "Calendar" };

type Search = { view?: string; date?: string; brand?: string; platform?: string; status?: string };

const VIEW_LABELS: Record<CalendarView, string> = { month: "Month", week: "Week", list: "List" };

/** The page's address with some parameters changed; empty values are left out. */
function hrefWith(base: string, current: Search, changes: Search): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...current, ...changes })) if (value) params.set(key, value);
  const query = params.toString();
  return query ? `${base}?${query}` : base;
}

export default async function CalendarPageRoute({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { slug } = await params;
  const raw = await searchParams;
  const ctx = await requireWorkspace(slug);
  const single = (key: string) =>
    typeof raw[key] === "string" && raw[key] ? (raw[key] as string) : undefined;
  const view = (CALENDAR_VIEWS as readonly string[]).includes(single("view") ?? "")
    ? (single("view") as CalendarView)
    : "month";
  const search: Search = {
    view,
    date: single("date"),
    brand: single("brand"),
    platform: single("platform"),
    status: single("status"),
  };
  const base = `/w/${ctx.workspaceSlug}/calendar`;

  let page: CalendarPage;
  try {
    page = await listCalendarStories(db(), ctx, {
      view,
      date: search.date,
      brandId: search.brand,
      platform: search.platform as Platform | undefined,
      status: search.status as StoryStatus | undefined,
    });
  } catch (error) {
    if (isAppError(error, "NOT_FOUND")) notFound();
    if (!isAppError(error, "INVALID_INPUT")) throw error;
    return (
      <section className="flex flex-col gap-3">
        <h1 className="text-2xl font-semibold">Calendar</h1>
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          This calendar address has a date or filter we do not understand ({error.message}).
        </p>
        <Link href={base} className="text-brand-700 underline">
          Show this month
        </Link>
      </section>
    );
  }
  const current: Search = { ...search, date: page.date };
  const sign = thumbnailSigner();
  const days = page.days.map(
    (day): BoardDay => ({
      ...day,
      label: formatCalendarDay(day.date),
      outside: view === "month" && day.date.slice(0, 7) !== page.date.slice(0, 7),
      moreHref: hrefWith(base, current, { view: "list", date: day.date }),
      stories: day.stories.map((story) => ({
        ...story,
        scheduledAt: story.scheduledAt.toISOString(),
        platforms: story.targets.map((t) => PLATFORM_LABELS[t.platform]),
        cover: story.cover && { ...story.cover, url: sign(story.cover.thumbnailKey) },
      })),
    }),
  );
  const title =
    view === "month"
      ? formatCalendarDay(page.date, "month")
      : `${formatCalendarDay(page.days[0]?.date ?? page.date)} – ${formatCalendarDay(page.days.at(-1)?.date ?? page.date)}`;
  return (
    <section className="flex flex-col gap-4">
      <div className="flex flex-col gap-1">
        <h1 className="text-2xl font-semibold">Calendar</h1>
        <p className="text-sm text-zinc-600">
          {page.brand
            ? `Days and times in ${page.brand.name}'s zone, ${page.brand.timeZone}.`
            : "Each story sits on its own brand's day, at its brand's local time."}{" "}
          <ViewerZone />
        </p>
      </div>

      <Filters base={base} current={current} page={page} />

      <nav aria-label="Calendar pages" className="flex flex-wrap items-center gap-2">
        <Link
          className={buttonClass}
          href={hrefWith(base, current, { date: shiftAnchor(view, page.date, -1) })}
          aria-label={`Previous ${view === "month" ? "month" : "week"}`}
        >
          ← Previous
        </Link>
        <Link className={buttonClass} href={hrefWith(base, current, { date: undefined })}>
          Today
        </Link>
        <Link
          className={buttonClass}
          href={hrefWith(base, current, { date: shiftAnchor(view, page.date, 1) })}
          aria-label={`Next ${view === "month" ? "month" : "week"}`}
        >
          Next →
        </Link>
        <h2 className="ml-2 text-lg font-semibold" aria-live="polite">
          {title}
        </h2>
        <ul className="ml-auto flex gap-1" aria-label="Views">
          {CALENDAR_VIEWS.map((v) => (
            <li key={v}>
              <Link
                href={hrefWith(base, current, { view: v })}
                aria-current={v === view ? "page" : undefined}
                className={`${buttonClass} aria-[current]:border-brand-600 aria-[current]:bg-brand-50 aria-[current]:font-semibold`}
              >
                {VIEW_LABELS[v]}
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      <CalendarBoard
        slug={ctx.workspaceSlug}
        view={view}
        days={days}
        canEdit={can(ctx.role, "stories:edit")}
        showBrand={page.brand === null}
      />

      <Legend />
    </section>
  );
}

const buttonClass = "rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm hover:bg-zinc-50";
const selectClass = "max-w-full rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm";

/** A plain GET form: the filters live in the address, so a filtered calendar can be bookmarked. */
function Filters({ base, current, page }: { base: string; current: Search; page: CalendarPage }) {
  return (
    <form action={base} method="get" className="flex flex-wrap items-end gap-3" aria-label="Calendar filters">
      <input type="hidden" name="view" value={current.view} />
      <input type="hidden" name="date" value={current.date} />
      <label className="flex min-w-0 max-w-full flex-col gap-1 text-sm">
        <span className="font-medium">Brand</span>
        <select name="brand" defaultValue={current.brand ?? ""} className={selectClass}>
          <option value="">All brands</option>
          {page.brands.map((brand) => (
            <option key={brand.id} value={brand.id}>
              {brand.name} ({brand.timeZone})
            </option>
          ))}
        </select>
      </label>
      <label className="flex min-w-0 max-w-full flex-col gap-1 text-sm">
        <span className="font-medium">Channel</span>
        <select name="platform" defaultValue={current.platform ?? ""} className={selectClass}>
          <option value="">All channels</option>
          {Object.values(Platform).map((platform) => (
            <option key={platform} value={platform}>
              {PLATFORM_LABELS[platform]}
            </option>
          ))}
        </select>
      </label>
      <label className="flex min-w-0 max-w-full flex-col gap-1 text-sm">
        <span className="font-medium">Status</span>
        <select name="status" defaultValue={current.status ?? ""} className={selectClass}>
          <option value="">All statuses</option>
          {Object.values(StoryStatus).map((status) => (
            <option key={status} value={status}>
              {STORY_STATUS[status].label}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className={buttonClass}>
        Apply filters
      </button>
    </form>
  );
}

function Legend() {
  return (
    <section aria-labelledby="legend-heading" className="text-sm">
      <h2 id="legend-heading" className="mb-1 font-medium">
        Status colours
      </h2>
      <ul className="flex flex-wrap gap-2">
        {Object.values(StoryStatus).map((status) => (
          <li key={status}>
            <StoryStatusBadge status={status} />
          </li>
        ))}
      </ul>
    </section>
  );
}
