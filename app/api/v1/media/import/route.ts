import { importMediaFromUrl } from "@/lib/media/import-media-from-url";
import { mediaResponse } from "../../_lib/present";
import { routes } from "../../_lib/routes";
import { withApiKey } from "../../_lib/with-api-key";

export const dynamic = "force-dynamic";

// POST /api/v1/media/import – fetch media from a public URL and store it
export const POST = withApiKey(routes.importMedia, async ({ ctx, deps, body }) => {
  const asset = await importMediaFromUrl(
    {
      db: deps.db,
      storage: deps.storage,
      maxBytes: deps.maxMediaBytes,
      deadlineMs: deps.mediaImportDeadlineMs,
      allowPrivate: deps.allowPrivateUrls,
      enqueue: deps.enqueueMedia,
    },
    ctx,
    body,
  );
  return mediaResponse(deps.db, ctx, asset.id);
});
