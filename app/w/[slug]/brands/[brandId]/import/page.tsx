import Link from "@/app/_components/ui/link";
import { orNotFound } from "@/app/_lib/or-not-found";
import { requireWorkspace } from "@/app/_lib/workspace";
import { getBrand } from "@/lib/brands/get-brand";
import { can } from "@/lib/core/roles";
import { db } from "@/lib/db/client";
import { PLAN_COLUMNS } from "@/lib/import/csv-format";
import { dryRunPlanAction, startPlanImportAction } from "./actions";
import { ImportPlanForm } from "./import-plan-form";

export default async function ImportPlanPage({
  params,
}: {
  params: Promise<{ slug: string; brandId: string }>;
}) {
  const { slug, brandId } = await params;
  const ctx = await requireWorkspace(slug);
  const brand = await orNotFound(getBrand(db(), ctx, brandId));
  const mayImport = can(ctx.role, "stories:edit");
  const base = `/w/${ctx.workspaceSlug}/brands/${brand.id}`;
  return (
    <section className="flex flex-col gap-6">
      <div>
        <p className="text-sm">
          <Link href={base} className="text-brand-700 underline">
            {brand.name}
          </Link>
        </p>
        <h1 className="text-2xl font-semibold">Import a plan</h1>
        <p className="text-zinc-600">
          One story a row, in {brand.name}&rsquo;s zone ({brand.timeZone}) unless a row names another. The
          file is checked first and nothing is written until you import it; importing the same file again
          creates nothing new.
        </p>
      </div>
      <div className="flex flex-wrap items-center gap-3 text-sm">
        {/* A download, not a page: a plain link so the browser saves the file. */}
        <a
          href={`${base}/import/template.csv`}
          download
          className="rounded-md border border-zinc-300 px-3 py-1.5 font-medium text-zinc-700 hover:bg-zinc-50"
        >
          Download the template (CSV)
        </a>
        <span className="text-zinc-600">Columns: {PLAN_COLUMNS.join(", ")}</span>
      </div>
      {mayImport ? (
        <ImportPlanForm
          dryRun={dryRunPlanAction.bind(null, ctx.workspaceSlug, brand.id)}
          start={startPlanImportAction.bind(null, ctx.workspaceSlug, brand.id)}
          progressBase={`${base}/import`}
        />
      ) : (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          Your role ({ctx.role.toLowerCase()}) cannot import a plan: ask an editor, admin or owner.
        </p>
      )}
    </section>
  );
}
