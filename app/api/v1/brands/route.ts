import { createBrand } from "@/lib/brands/create-brand";
import { listBrands } from "@/lib/brands/list-brands";
import { brandResource } from "../_lib/resources";
import { approvalPolicyOf, routes } from "../_lib/routes";
import { withApiKey } from "../_lib/with-api-key";

export const dynamic = "force-dynamic";

// GET /api/v1/brands – list the workspace's brands
export const GET = withApiKey(routes.listBrands, async ({ ctx, deps }) => ({
  data: (await listBrands(deps.db, ctx)).map(brandResource),
  nextCursor: null,
}));

// POST /api/v1/brands – create a brand
export const POST = withApiKey(routes.createBrand, async ({ ctx, deps, body }) => {
  const { approvalRequired: _deprecated, ...fields } = body;
  const brand = await createBrand(deps.db, ctx, {
    ...fields,
    approvalPolicy: approvalPolicyOf(body, "NONE"),
  });
  return brandResource(brand);
});
