export const dynamic = "force-dynamic";

// GET /api/health/live – 200 while the process answers; asks nothing of Postgres or Redis (readiness does)
export function GET() {
  return Response.json({ ok: true }, { headers: { "cache-control": "no-store" } });
}
