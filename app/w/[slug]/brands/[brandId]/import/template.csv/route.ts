import { PLAN_TEMPLATE } from "@/lib/import/csv-format";

// GET /w/[slug]/brands/[brandId]/import/template.csv – the plan CSV template: the header row and
// two example rows (the same for everyone, so no session is needed)
export function GET() {
  return new Response(PLAN_TEMPLATE, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": 'attachment; filename="plan-template.csv"',
      "cache-control": "public, max-age=3600",
    },
  });
}
