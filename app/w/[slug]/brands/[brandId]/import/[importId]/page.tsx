import Link from "@/app/_components/ui/link";
import { orNotFound } from "@/app/_lib/or-not-found";
import { requireWorkspace } from "@/app/_lib/workspace";
import { getBrand } from "@/lib/brands/get-brand";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { getImportJob } from "@/lib/import/get-import-job";
import { RefreshWhileProcessing } from "../../../../media/refresh-while-processing";
import { PlanProblems } from "../plan-problems";

const STATUS_LABELS = {
  QUEUED: "Waiting for a worker…",
  RUNNING: "Importing…",
  DONE: "Imported",
  FAILED: "Import failed",
} as const;

/** One import's live progress (refreshed while it runs), then its result and per-row report. */
export default async function ImportProgressPage({
  params,
}: {
  params: Promise<{ slug: string; brandId: string; importId: string }>;
}) {
  const { slug, brandId, importId } = await params;
  const ctx = await requireWorkspace(slug);
  const brand = await orNotFound(getBrand(db(), ctx, brandId));
  const job = await orNotFound(getImportJob({ db: db() }, ctx, { importId }));
  if (job.brandId !== brand.id) return orNotFound(Promise.reject(notFoundError()));
  const running = job.status === "QUEUED" || job.status === "RUNNING";
  const base = `/w/${ctx.workspaceSlug}/brands/${brand.id}`;
  const { rows } = job;
  return (
    <section className="flex flex-col gap-6">
      <RefreshWhileProcessing active={running} />
      <div>
        <p className="text-sm">
          <Link href={base} className="text-brand-700 underline">
            {brand.name}
          </Link>{" "}
          ·{" "}
          <Link href={`${base}/import`} className="text-brand-700 underline">
            Import a plan
          </Link>
        </p>
        <h1 className="text-2xl font-semibold">{job.fileName}</h1>
      </div>
      <div className="flex flex-col gap-2 rounded-lg border border-zinc-200 bg-white p-4">
        <p role="status" className="font-medium" data-testid="import-status">
          {STATUS_LABELS[job.status]}
        </p>
        <progress
          className="h-3 w-full"
          max={Math.max(rows.total, 1)}
          value={rows.done}
          aria-label="Rows imported"
        />
        <p className="text-sm text-zinc-700" data-testid="import-counts">
          {rows.done} of {rows.total} rows · {rows.created} created · {rows.skipped} already imported
          {rows.failed > 0 ? ` · ${rows.failed} refused` : ""}
        </p>
        {job.error ? (
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
            {job.error}
          </p>
        ) : null}
        {job.status === "DONE" ? (
          <p className="flex flex-wrap gap-3 text-sm font-medium">
            <Link href={`/w/${ctx.workspaceSlug}/calendar`} className="text-brand-700 underline">
              See them in the calendar
            </Link>
            <Link href={`${base}#stories`} className="text-brand-700 underline">
              {brand.name}&rsquo;s stories
            </Link>
          </p>
        ) : null}
      </div>
      <PlanProblems problems={job.failures} caption="Rows not imported" />
      <PlanProblems problems={job.warnings} caption="Warnings (the rows were imported)" />
    </section>
  );
}

function notFoundError() {
  return new AppError("NOT_FOUND", "This import is not one of this brand's.");
}
