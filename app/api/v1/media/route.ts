import { listMediaAssets } from "@/lib/media/list-media-assets";
import { encodeMediaCursor } from "@/lib/media/media-cursor";
import { storeMediaAsset } from "@/lib/media/store-media-asset";
import { mediaResponse, presentMedia } from "../_lib/present";
import { routes } from "../_lib/routes";
import { withApiKey } from "../_lib/with-api-key";

export const dynamic = "force-dynamic";

// GET /api/v1/media – list media files, filtered, a page at a time
export const GET = withApiKey(routes.listMedia, async ({ ctx, deps, query }) => {
  // One extra row tells whether there is a next page.
  const rows = await listMediaAssets(deps.db, ctx, {
    brandId: query.brandId,
    status: query.status,
    kind: query.kind,
    cursor: query.cursor,
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    data: page.map(presentMedia),
    nextCursor: rows.length > query.limit && last ? encodeMediaCursor(last) : null,
  };
});

// POST /api/v1/media – upload a file (multipart/form-data, field `file`)
export const POST = withApiKey(routes.uploadMedia, async ({ ctx, deps, body }) => {
  const asset = await storeMediaAsset(
    { db: deps.db, storage: deps.storage, maxBytes: deps.maxMediaBytes, enqueue: deps.enqueueMedia },
    ctx,
    {
      bytes: Buffer.from(await body.file.arrayBuffer()),
      originalName: body.file.name,
      brandId: body.brandId,
    },
  );
  return mediaResponse(deps.db, ctx, asset.id);
});
