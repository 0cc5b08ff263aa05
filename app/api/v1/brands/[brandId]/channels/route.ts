import { getBrand } from "@/lib/brands/get-brand";
import { listChannels } from "@/lib/channels/list-channels";
import { routes } from "../../../_lib/routes";
import { withApiKey } from "../../../_lib/with-api-key";

export const dynamic = "force-dynamic";

// GET /api/v1/brands/{brandId}/channels – a brand's channels with their connection status
export const GET = withApiKey(routes.listChannels, async ({ ctx, deps, params }) => {
  const brand = await getBrand(deps.db, ctx, params.brandId);
  return { data: await listChannels(deps.db, ctx, brand.id), nextCursor: null };
});
