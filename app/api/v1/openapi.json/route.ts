import { env } from "@/lib/env";
import { buildOpenApiDocument } from "../_lib/openapi";

export const dynamic = "force-dynamic";

// GET /api/v1/openapi.json – the OpenAPI 3.1 document of this API (public, no key needed)
export function GET() {
  return Response.json(buildOpenApiDocument(env().PUBLIC_BASE_URL), {
    headers: { "cache-control": "public, max-age=300" },
  });
}
