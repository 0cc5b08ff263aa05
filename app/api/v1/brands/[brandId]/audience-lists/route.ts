import { listBrandAudienceLists } from "@/lib/audiences/list-brand-audience-lists";
import { getBrand } from "@/lib/brands/get-brand";
import { routes } from "../../../_lib/routes";
import { withApiKey } from "../../../_lib/with-api-key";

export const dynamic = "force-dynamic";

// GET /api/v1/brands/{brandId}/audience-lists – the lists a story's `audiences` can name
export const GET = withApiKey(routes.listAudienceLists, async ({ ctx, deps, params }) => {
  const brand = await getBrand(deps.db, ctx, params.brandId);
  const byChannel = await listBrandAudienceLists(deps.db, ctx, brand.id);
  const data = [...byChannel].flatMap(([channelId, lists]) => lists.map((list) => ({ channelId, ...list })));
  return { data, nextCursor: null };
});
