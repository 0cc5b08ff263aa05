import { db } from "@/lib/db/client";
import { checkReadiness } from "@/lib/health/check-readiness";
import { redis } from "@/lib/redis/client";

export const dynamic = "force-dynamic";

// GET /api/health/ready – 200 when Postgres and Redis answer and every migration is applied, 503 naming what is not
export async function GET() {
  const readiness = await checkReadiness({ db: db(), redis: redis() });
  return Response.json(readiness, {
    status: readiness.ok ? 200 : 503,
    headers: { "cache-control": "no-store" },
  });
}
