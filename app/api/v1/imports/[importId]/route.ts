import { getImportJob } from "@/lib/import/get-import-job";
import { routes } from "../../_lib/routes";
import { withApiKey } from "../../_lib/with-api-key";

export const dynamic = "force-dynamic";

// GET /api/v1/imports/{importId} – an import's status, progress and per-row report
export const GET = withApiKey(routes.getImport, async ({ ctx, deps, params }) =>
  getImportJob(deps, ctx, { importId: params.importId }),
);
