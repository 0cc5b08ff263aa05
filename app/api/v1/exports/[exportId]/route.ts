import { getDataExport } from "@/lib/exports/get-data-export";
import { routes } from "../../_lib/routes";
import { withApiKey } from "../../_lib/with-api-key";

export const dynamic = "force-dynamic";

// GET /api/v1/exports/{exportId} – a data export's status, progress and signed download link
export const GET = withApiKey(routes.getDataExport, async ({ ctx, deps, params }) =>
  getDataExport({ db: deps.db, signing: deps.exportSigning }, ctx, { exportId: params.exportId }),
);
