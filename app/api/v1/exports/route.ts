import { startDataExport } from "@/lib/exports/start-data-export";
import { routes } from "../_lib/routes";
import { withApiKey } from "../_lib/with-api-key";

export const dynamic = "force-dynamic";

// POST /api/v1/exports – start a ZIP of the workspace's (or a brand's) data, built in the background
export const POST = withApiKey(routes.startDataExport, async ({ ctx, deps, body }) =>
  startDataExport(
    { db: deps.db, logger: deps.logger, enqueue: deps.enqueueDataExport, signing: deps.exportSigning },
    ctx,
    { brandId: body.brandId ?? null },
  ),
);
