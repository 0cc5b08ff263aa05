import type { NextRequest } from "next/server";
import { currentUser } from "@/app/_lib/session";
import { lacksRequiredTwoFactor } from "@/lib/auth/workspace-two-factor";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { redisTargetOf } from "@/lib/redis/topology";
import { resolveWorkspaceContext } from "@/lib/workspaces/resolve-workspace-context";
import { inboxEventStream } from "./inbox-sse";

export const dynamic = "force-dynamic";

// GET /api/inbox/stream?workspace=<slug> – live inbox events (SSE) for the signed-in member
export async function GET(request: NextRequest) {
  const user = await currentUser();
  if (!user) return new Response("Sign in first.", { status: 401 });
  const slug = request.nextUrl.searchParams.get("workspace") ?? "";
  let stream: ReadableStream<Uint8Array>;
  try {
    const ctx = await resolveWorkspaceContext(db(), user.id, slug);
    if (await lacksRequiredTwoFactor(db(), ctx.workspaceId, user.id)) {
      return new Response(
        "This workspace requires two-factor sign-in: turn it on under Account security first.",
        {
          status: 403,
        },
      );
    }
    stream = await inboxEventStream({ redisUrl: redisTargetOf(env()), ctx, signal: request.signal });
  } catch (error) {
    if (isAppError(error, "NOT_FOUND")) return new Response("Not found.", { status: 404 });
    if (isAppError(error, "FORBIDDEN")) return new Response(error.message, { status: 403 });
    throw error;
  }
  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      // Nginx and similar proxies buffer responses unless told not to.
      "x-accel-buffering": "no",
    },
  });
}
