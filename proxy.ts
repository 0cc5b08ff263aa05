import { type NextRequest, NextResponse } from "next/server";
import { newNonce, pageSecurityHeaders } from "@/lib/core/security-headers";
import { REQUEST_ID_HEADER, requestIdFrom } from "@/lib/correlation/request-id";
import { env } from "@/lib/env";

/**
 * Two jobs, on the requests `config` sends here:
 *
 * 1. Refuses a path that is not valid percent-encoded UTF-8 (`/stories/%E0%A4%A`, a bare `%`)
 *    with a 400 naming the problem. Next.js decodes dynamic route segments before any route
 *    handler runs, and on such a path its own error page fails to render and the answer is a bare
 *    500 (Next.js 16.4); nothing of ours could answer in between.
 * 2. Gives every page its security headers with a fresh script nonce
 *    (docs/decisions/031-account-security.md). The policy is set on the request too: Next.js reads
 *    the nonce from there and puts it on its own scripts.
 * 3. Gives every page request its correlation id (the caller's X-Request-Id when safe, else a new
 *    one) on the request, for the page's code, and on the answer (decision 036). API routes take
 *    theirs in their wrappers, as they never come here.
 *
 * A proxy makes Next.js buffer the request body, which would cap the large uploads (tus, server
 * actions up to 110 MB). So pages come here only when the request has no body (no Content-Type:
 * page loads and client navigations); API routes and media never do.
 */
export function proxy(request: NextRequest) {
  const segment = undecodableSegment(request.nextUrl.pathname);
  if (segment !== undefined) return malformedPath(request, segment);
  if (!isPageRequest(request)) return NextResponse.next();

  const config = env();
  const headers = pageSecurityHeaders({
    nonce: newNonce(),
    https: config.PUBLIC_BASE_URL.startsWith("https://"),
    development: config.NODE_ENV === "development",
    imageSources: inboxImageSources(config.SIMULATOR_URL),
  });
  const requestId = requestIdFrom(request.headers.get(REQUEST_ID_HEADER));
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", headers["Content-Security-Policy"] as string);
  requestHeaders.set(REQUEST_ID_HEADER, requestId);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set(REQUEST_ID_HEADER, requestId);
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

/**
 * People's pictures in the inbox: Meta's CDN (https), and the simulators' generated ones for
 * sandbox channels (SIMULATOR_URL, a plain http origin on a development machine).
 */
function inboxImageSources(simulatorUrl: string | undefined): string[] {
  const sources = ["https:"];
  if (simulatorUrl) {
    try {
      sources.push(new URL(simulatorUrl).origin);
    } catch {
      // An unparsable SIMULATOR_URL is env's to refuse; the policy simply leaves it out.
    }
  }
  return sources;
}

/** A request for a page (not an API route, media or a static file), without a body. */
function isPageRequest(request: NextRequest): boolean {
  const path = request.nextUrl.pathname;
  return (
    !request.headers.has("content-type") &&
    !/^\/(api|media|_next\/static|_next\/image)(\/|$)/.test(path) &&
    !/\.(ico|svg|png|txt|xml|webmanifest)$/.test(path)
  );
}

function malformedPath(request: NextRequest, segment: string) {
  const detail = `The path segment "${segment}" is not valid percent-encoded UTF-8.`;
  if (request.nextUrl.pathname.startsWith("/api/")) {
    return NextResponse.json(
      {
        type: "/api-reference#problem-malformed-path",
        title: "MALFORMED_PATH",
        status: 400,
        detail,
        code: "MALFORMED_PATH",
      },
      { status: 400, headers: { "content-type": "application/problem+json", "cache-control": "no-store" } },
    );
  }
  return new NextResponse(`Bad request: ${detail}`, {
    status: 400,
    headers: { "content-type": "text/plain; charset=utf-8" },
  });
}

function undecodableSegment(pathname: string): string | undefined {
  for (const segment of pathname.split("/")) {
    try {
      decodeURIComponent(segment);
    } catch {
      return segment.slice(0, 100);
    }
  }
  return undefined;
}

export const config = {
  matcher: [
    "/:path(.*%.*)",
    {
      // Pages only, and only requests without a body (see above): the proxy never buffers one.
      source: "/((?!api/|media/|_next/static|_next/image|favicon.ico|icon.svg).*)",
      missing: [{ type: "header", key: "content-type" }],
    },
  ],
};
