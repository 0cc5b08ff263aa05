import { notFound } from "next/navigation";
import { LocalTime } from "@/app/_components/local-time";
import Link from "@/app/_components/ui/link";
import { requireAgencyWorkspace } from "@/app/_lib/workspace";
import { auditActorText } from "@/lib/audit/audit-csv";
import { AUDIT_GROUPS } from "@/lib/audit/audit-labels";
import { listAuditActors } from "@/lib/audit/list-audit-actors";
import { type AuditEntryView, listAuditEntries } from "@/lib/audit/list-audit-entries";
import { listBrands } from "@/lib/brands/list-brands";
import { can } from "@/lib/core/roles";
import { db } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { filtersOf, queryOf } from "./audit-view";

export const metadata = { title: "Audit log" };

const field = "rounded-md border border-zinc-300 bg-white px-2 py-1";

/**
 * Who did what, when, to which brand, story or channel, and from where: owners and admins only
 * (anyone else gets the 404 page, before anything is read). Filters are a plain GET form; dates
 * are UTC days, since the trail spans brands in many zones.
 */
export default async function AuditPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await requireAgencyWorkspace((await params).slug);
  if (!can(ctx.role, "audit:view")) notFound();
  const query = await searchParams;
  const filters = filtersOf(query);
  const cursor = typeof query.cursor === "string" ? query.cursor : null;
  let page: { entries: AuditEntryView[]; nextCursor: string | null } = { entries: [], nextCursor: null };
  let problem: string | null = null;
  try {
    page = await listAuditEntries(db(), ctx, filters, { cursor });
  } catch (error) {
    if (!isAppError(error, "INVALID_INPUT") && !isAppError(error, "NOT_FOUND")) throw error;
    problem = error.message;
  }
  const [actors, brands] = await Promise.all([listAuditActors(db(), ctx), listBrands(db(), ctx)]);
  const base = `/w/${ctx.workspaceSlug}`;
  return (
    <article className="flex flex-col gap-4">
      <div className="flex flex-col gap-1">
        <p className="text-sm">
          <Link href={`${base}/settings`} className="text-brand-700 underline">
            Settings
          </Link>
        </p>
        <h1 className="text-2xl font-semibold">Audit log</h1>
        <p className="text-sm text-zinc-600">
          Every sensitive action in this workspace, newest first. Entries cannot be changed or deleted.
        </p>
      </div>
      <form method="get" className="flex flex-wrap items-end gap-3 text-sm" data-testid="audit-filters">
        <label className="flex flex-col gap-0.5">
          <span className="text-xs text-zinc-600">Who</span>
          <select name="actor" defaultValue={filters.actor ?? ""} className={field}>
            <option value="">Anyone</option>
            {actors.map((a) => (
              <option key={a.value} value={a.value}>
                {a.label}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-0.5">
          <span className="text-xs text-zinc-600">What</span>
          <select name="group" defaultValue={filters.group ?? ""} className={field}>
            <option value="">Everything</option>
            {Object.entries(AUDIT_GROUPS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-0.5">
          <span className="text-xs text-zinc-600">Brand</span>
          <select name="brandId" defaultValue={filters.brandId ?? ""} className={field}>
            <option value="">All brands</option>
            {brands.map((b) => (
              <option key={b.id} value={b.id}>
                {b.name}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-0.5">
          <span className="text-xs text-zinc-600">From (UTC)</span>
          <input type="date" name="from" defaultValue={filters.from ?? ""} className={field} />
        </label>
        <label className="flex flex-col gap-0.5">
          <span className="text-xs text-zinc-600">To (UTC)</span>
          <input type="date" name="to" defaultValue={filters.to ?? ""} className={field} />
        </label>
        <button
          type="submit"
          className="rounded-md border border-zinc-300 bg-white px-3 py-1.5 font-medium hover:bg-zinc-50"
        >
          Show
        </button>
        <Link href={`${base}/settings/audit`} className="py-1.5 text-brand-700 underline">
          Clear
        </Link>
      </form>
      {problem ? (
        <p className="text-sm text-red-700" role="alert" data-testid="audit-problem">
          {problem}
        </p>
      ) : null}
      <p className="text-sm">
        <a
          href={`${base}/settings/audit/export.csv${queryOf(filters)}`}
          download
          className="rounded-md border border-zinc-300 bg-white px-3 py-1.5 font-medium hover:bg-zinc-50"
        >
          Download CSV
        </a>{" "}
        <span className="text-zinc-600">Every entry matching these filters, not only this page.</span>
      </p>
      {page.entries.length === 0 && !problem ? (
        <p className="text-sm text-zinc-600" data-testid="audit-empty">
          No entries match these filters.
        </p>
      ) : null}
      <ol
        className="flex flex-col divide-y divide-zinc-100 rounded-md border border-zinc-200 bg-white"
        data-testid="audit-entries"
      >
        {page.entries.map((entry) => (
          <li
            key={entry.id}
            className="grid gap-1 px-3 py-2 text-sm sm:grid-cols-[11rem_1fr_14rem] sm:gap-3"
            data-testid="audit-entry"
            data-action={entry.action}
          >
            <div className="text-xs text-zinc-600 sm:text-sm">
              <LocalTime instant={entry.at.toISOString()} />
            </div>
            <div className="min-w-0">
              <p>
                <span className="font-medium">{auditActorText(entry.actor)}</span>{" "}
                <span title={entry.action}>{entry.label}</span>
              </p>
              <About entry={entry} base={base} />
            </div>
            <div className="min-w-0 text-xs text-zinc-600">
              {entry.ip ? <p className="break-all">{entry.ip}</p> : null}
              {entry.userAgent ? (
                <p className="truncate" title={entry.userAgent}>
                  {entry.shortUserAgent}
                </p>
              ) : null}
            </div>
          </li>
        ))}
      </ol>
      <p className="text-xs text-zinc-500">
        Times in your time zone; the date filter reads whole days in UTC. IP addresses are kept only when
        StoryRelay runs behind a proxy it trusts (TRUST_PROXY); the browser is kept always.
      </p>
      <nav className="flex gap-4 text-sm" aria-label="Pages">
        {cursor ? (
          <Link href={`${base}/settings/audit${queryOf(filters)}`} className="text-brand-700 underline">
            Newest
          </Link>
        ) : null}
        {page.nextCursor ? (
          <Link
            href={`${base}/settings/audit${queryOf(filters, page.nextCursor)}`}
            className="text-brand-700 underline"
            data-testid="audit-older"
          >
            Older entries
          </Link>
        ) : null}
      </nav>
    </article>
  );
}

/** The brand, story and channel an entry is about: links while they exist, names once they are gone. */
function About({ entry, base }: { entry: AuditEntryView; base: string }) {
  const parts: { key: string; label: string; href: string | null }[] = [];
  if (entry.brand)
    parts.push({
      key: "brand",
      label: entry.brand.name,
      href: entry.brand.exists ? `${base}/brands/${entry.brand.id}` : null,
    });
  if (entry.story)
    parts.push({
      key: "story",
      label: entry.story.name,
      href: entry.story.exists ? `${base}/stories/${entry.story.id}` : null,
    });
  if (entry.channel)
    parts.push({
      key: "channel",
      label: entry.channel.name,
      href: entry.channel.exists && entry.brand?.exists ? `${base}/brands/${entry.brand.id}` : null,
    });
  if (parts.length === 0) return null;
  return (
    <p className="text-xs text-zinc-600">
      {parts.map((part, i) => (
        <span key={part.key}>
          {i > 0 ? " · " : null}
          {part.href ? (
            <Link href={part.href} className="text-brand-700 hover:underline">
              {part.label}
            </Link>
          ) : (
            part.label
          )}
        </span>
      ))}
    </p>
  );
}
