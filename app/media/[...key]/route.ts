import { env } from "@/lib/env";
import { type MediaResponse, serveMedia } from "@/lib/media/serve-media";
import { mediaSigningSecret } from "@/lib/media/signed-url";
import { mediaStorage } from "@/lib/media/storage-config";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ key: string[] }> };

async function answer(method: "GET" | "HEAD", request: Request, { params }: Params): Promise<Response> {
  const { key } = await params;
  const result: MediaResponse = await serveMedia(
    { storage: mediaStorage(), secret: mediaSigningSecret(env()) },
    {
      method,
      key: key.join("/"),
      query: new URL(request.url).searchParams,
      range: request.headers.get("range"),
    },
  );
  return new Response(result.body, { status: result.status, headers: result.headers });
}

// GET /media/:key – signed, expiring media for the platforms; no session, the signature is the authorisation
export async function GET(request: Request, context: Params) {
  return answer("GET", request, context);
}

// HEAD /media/:key – the same headers without the body, for fetchers that check size and type first
export async function HEAD(request: Request, context: Params) {
  return answer("HEAD", request, context);
}
