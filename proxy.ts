import { type NextRequest, NextResponse } from "next/server";

/**
 * Refuses a path that is not valid percent-encoded UTF-8 (`/stories/%E0%A4%A`, a bare `%`) with a
 * 400 naming the problem. Next.js decodes dynamic route segments before any route handler runs,
 * and on such a path its own error page fails to render and the answer is a bare 500 (Next.js
 * 16.4); nothing of ours could answer in between.
 *
 * Only paths that contain a `%` come here (see `config`): a proxy makes Next.js buffer the request
 * body for it, which would cap the large uploads every other path receives.
 */
export function proxy(request: NextRequest) {
  const segment = undecodableSegment(request.nextUrl.pathname);
  if (segment === undefined) return NextResponse.next();
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

export const config = { matcher: "/:path(.*%.*)" };
