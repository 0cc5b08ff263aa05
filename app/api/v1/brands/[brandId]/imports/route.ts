import { dryRunPlan } from "@/lib/import/dry-run-plan";
import { routes } from "../../../_lib/routes";
import { withApiKey } from "../../../_lib/with-api-key";

export const dynamic = "force-dynamic";

// POST /api/v1/brands/{brandId}/imports?dryRun=true – check a plan CSV, writing nothing
export const POST = withApiKey(routes.dryRunPlanImport, async ({ ctx, deps, params, body }) => {
  const bytes = new Uint8Array(await body.file.arrayBuffer());
  return dryRunPlan(deps, ctx, bytes, { brandId: params.brandId });
});
