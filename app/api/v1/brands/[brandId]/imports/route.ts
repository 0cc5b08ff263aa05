import { AppError } from "@/lib/errors";
import { dryRunPlan } from "@/lib/import/dry-run-plan";
import { startPlanImport } from "@/lib/import/start-plan-import";
import { routes } from "../../../_lib/routes";
import { withApiKey } from "../../../_lib/with-api-key";

export const dynamic = "force-dynamic";

// POST /api/v1/brands/{brandId}/imports – import a plan CSV in the background (202), or with
// dryRun=true check it and write nothing (200)
export const POST = withApiKey(routes.importPlan, async ({ ctx, deps, params, query, body }) => {
  const bytes = new Uint8Array(await body.file.arrayBuffer());
  if (query.dryRun === "true") return dryRunPlan(deps, ctx, bytes, { brandId: params.brandId });
  const started = await startPlanImport(
    {
      db: deps.db,
      logger: deps.logger,
      enqueue: deps.enqueuePlanImport,
      scheduleHorizonDays: deps.scheduleHorizonDays,
      allowPrivateUrls: deps.allowPrivateUrls,
    },
    ctx,
    { brandId: params.brandId, fileName: body.file.name || "plan.csv", bytes },
  );
  if (started.status === "refused") {
    const errors = started.report.problems.filter((p) => p.severity === "error");
    const first = errors[0];
    throw new AppError(
      "INVALID_INPUT",
      `The plan has ${errors.length} ${errors.length === 1 ? "error" : "errors"}, so nothing was imported${first ? ` (row ${first.row}: ${first.problem.replace(/\.$/, "")})` : ""}. Send it with dryRun=true for every problem by row and column, fix them and import again.`,
      { fields: { file: "The plan has errors: check it with dryRun=true." } },
    );
  }
  return { id: started.importId, status: "QUEUED" as const, rows: started.rows };
});
