import { getMediaAsset } from "@/lib/media/get-media-asset";
import { presentMedia } from "../../_lib/present";
import { routes } from "../../_lib/routes";
import { withApiKey } from "../../_lib/with-api-key";

export const dynamic = "force-dynamic";

// GET /api/v1/media/{mediaId} – one media file, to follow its processing to READY or FAILED
export const GET = withApiKey(routes.getMedia, async ({ ctx, deps, params }) =>
  presentMedia(await getMediaAsset(deps.db, ctx, params.mediaId)),
);
