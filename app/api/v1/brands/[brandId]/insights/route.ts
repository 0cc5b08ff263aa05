import { getBrandInsights } from "@/lib/analytics/get-brand-insights";
import { getBrand } from "@/lib/brands/get-brand";
import { presetRange } from "@/lib/core/analytics-period";
import { dateInZone } from "@/lib/core/plain-date";
import { presentBrandInsights } from "../../../_lib/insight-resources";
import { routes } from "../../../_lib/routes";
import { withApiKey } from "../../../_lib/with-api-key";

export const dynamic = "force-dynamic";

// GET /api/v1/brands/{brandId}/insights?from=&to= – a brand's numbers over days in its zone (default: the last 30)
export const GET = withApiKey(routes.getBrandInsights, async ({ ctx, deps, params, query }) => {
  const brand = await getBrand(deps.db, ctx, params.brandId);
  const range =
    query.from && query.to
      ? { from: query.from, to: query.to }
      : presetRange("month", dateInZone(new Date(), brand.timeZone));
  return presentBrandInsights(await getBrandInsights(deps.db, ctx, brand.id, range));
});
