import { importMediaFromUrl } from "@/lib/media/import-media-from-url";
import { routes } from "../../_lib/routes";
import { withApiKey } from "../../_lib/with-api-key";

export const dynamic = "force-dynamic";

// POST /api/v1/media/import – fetch media from a public URL and store it
export const POST = withApiKey(routes.importMedia, ({ ctx, deps, body }) =>
  importMediaFromUrl(
    { db: deps.db, storage: deps.storage, maxBytes: deps.maxMediaBytes, allowPrivate: deps.allowPrivateUrls },
    ctx,
    body,
  ),
);
