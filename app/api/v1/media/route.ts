import { storeMediaAsset } from "@/lib/media/store-media-asset";
import { routes } from "../_lib/routes";
import { withApiKey } from "../_lib/with-api-key";

export const dynamic = "force-dynamic";

// POST /api/v1/media – upload a file (multipart/form-data, field `file`)
export const POST = withApiKey(routes.uploadMedia, async ({ ctx, deps, body }) =>
  storeMediaAsset({ db: deps.db, storage: deps.storage, maxBytes: deps.maxMediaBytes }, ctx, {
    bytes: Buffer.from(await body.file.arrayBuffer()),
    originalName: body.file.name,
    brandId: body.brandId,
  }),
);
