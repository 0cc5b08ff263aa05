import { clientRequestOf, reviewDeps } from "@/app/review/_lib/review-deps";
import { env } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { serveMedia } from "@/lib/media/serve-media";
import { mediaSigningSecret, signMediaUrl } from "@/lib/media/signed-url";
import { mediaStorage } from "@/lib/media/storage-config";
import { getReviewMedia } from "@/lib/review-links/get-review-media";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ token: string; frameId: string }> };

async function answer(method: "GET" | "HEAD", request: Request, { params }: Params): Promise<Response> {
  const { token, frameId } = await params;
  let storageKey: string;
  try {
    ({ storageKey } = await getReviewMedia(
      reviewDeps("media"),
      token,
      frameId,
      clientRequestOf(request.headers),
    ));
  } catch (error) {
    if (!isAppError(error)) throw error;
    const status = error.code === "RATE_LIMITED" ? 429 : 404;
    return new Response(error.message, {
      status,
      headers: {
        "content-type": "text/plain; charset=utf-8",
        "cache-control": "no-store",
        ...(status === 429 ? { "retry-after": String(error.details.retryAfterSeconds ?? 60) } : {}),
      },
    });
  }
  // The frame belongs to the link: serve it as a signed media URL would be, signed here for a
  // minute, so ranges, types and caching behave exactly as for every other media file.
  const secret = mediaSigningSecret(env());
  const signed = signMediaUrl({ baseUrl: "", storageKey, expiresAt: new Date(Date.now() + 60_000), secret });
  const result = await serveMedia(
    { storage: mediaStorage(), secret },
    {
      method,
      key: storageKey,
      query: new URL(signed, "http://review.local").searchParams,
      range: request.headers.get("range"),
    },
  );
  return new Response(result.body, {
    status: result.status,
    headers: { ...result.headers, "referrer-policy": "no-referrer", "x-robots-tag": "noindex" },
  });
}

// GET /review/:token/media/:frameId – one frame's file, only for the link's stories
export async function GET(request: Request, context: Params) {
  return answer("GET", request, context);
}

// HEAD /review/:token/media/:frameId – the same headers without the body
export async function HEAD(request: Request, context: Params) {
  return answer("HEAD", request, context);
}
