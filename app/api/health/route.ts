import { db } from "@/lib/db/client";
import { checkHealth } from "@/lib/health/check-health";
import { redis } from "@/lib/redis/client";

export const dynamic = "force-dynamic";

// GET /api/health – 200 when Postgres and Redis answer, 503 with the failing one otherwise
export async function GET() {
  const health = await checkHealth({ db: db(), redis: redis() });
  return Response.json(health, { status: health.ok ? 200 : 503, headers: { "cache-control": "no-store" } });
}
