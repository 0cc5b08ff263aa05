import { getBrand } from "@/lib/brands/get-brand";
import { updateBrand } from "@/lib/brands/update-brand";
import { brandResource } from "../../_lib/resources";
import { approvalPolicyOf, routes } from "../../_lib/routes";
import { withApiKey } from "../../_lib/with-api-key";

export const dynamic = "force-dynamic";

// PATCH /api/v1/brands/{brandId} – change some of a brand's fields
export const PATCH = withApiKey(routes.updateBrand, async ({ ctx, deps, params, body }) => {
  const current = await getBrand(deps.db, ctx, params.brandId);
  const brand = await updateBrand(deps.db, ctx, current.id, {
    name: body.name ?? current.name,
    timeZone: body.timeZone ?? current.timeZone,
    approvalPolicy: approvalPolicyOf(body, current.approvalPolicy),
    quietHoursStart: body.quietHoursStart === undefined ? current.quietHoursStart : body.quietHoursStart,
    quietHoursEnd: body.quietHoursEnd === undefined ? current.quietHoursEnd : body.quietHoursEnd,
  });
  return brandResource(brand);
});
