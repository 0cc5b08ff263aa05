/**
 * The security headers every page gets (docs/decisions/031-account-security.md), built per request
 * by proxy.ts because the script nonce is new each time. Pure: the caller says whether the site is
 * served over https and whether this is the development server.
 */
export type PageSecurityOptions = {
  nonce: string;
  https: boolean;
  development: boolean;
  /**
   * Where else images may come from: the platforms' own pictures of the people in the inbox
   * (Meta's CDN, over https) and, with the sandbox, the simulators' (SIMULATOR_URL's origin).
   */
  imageSources?: readonly string[];
};

/**
 * Content-Security-Policy for a page. Scripts run only with this request's nonce (Next.js puts it
 * on its own scripts when it finds the policy on the request) and what those scripts load
 * ('strict-dynamic'): no 'unsafe-inline' for scripts. Styles keep 'unsafe-inline' because
 * React and Radix set style attributes, which a nonce cannot cover. Our media come from this
 * origin: thumbnails and previews are signed same-origin URLs, S3 included (streamed through
 * /media); QR codes are data: URLs. Images may also come from `imageSources`: the inbox shows
 * people's pictures where their platform serves them (an image cannot run code, and proxying a
 * person's picture through us would store personal data we do not need). Nothing may frame a page.
 */
export function contentSecurityPolicy({
  nonce,
  https,
  development,
  imageSources = [],
}: PageSecurityOptions): string {
  const directives: [string, ...string[]][] = [
    ["default-src", "'self'"],
    // React's development build evaluates code for its debugging aids; production never does.
    [
      "script-src",
      "'self'",
      `'nonce-${nonce}'`,
      "'strict-dynamic'",
      ...(development ? ["'unsafe-eval'"] : []),
    ],
    ["style-src", "'self'", "'unsafe-inline'"],
    ["img-src", "'self'", "data:", "blob:", ...imageSources],
    ["media-src", "'self'", "blob:"],
    ["font-src", "'self'"],
    // The dev server's hot reload talks over a WebSocket to the same host.
    ["connect-src", "'self'", ...(development ? ["ws:", "wss:"] : [])],
    ["object-src", "'none'"],
    ["base-uri", "'self'"],
    ["form-action", "'self'"],
    ["frame-ancestors", "'none'"],
  ];
  if (https) directives.push(["upgrade-insecure-requests"]);
  return directives.map((d) => d.join(" ")).join("; ");
}

/** A year, with subdomains: only sent when the site is on https (browsers ignore it otherwise, and a wrong one locks a host out of http). */
const HSTS = "max-age=31536000; includeSubDomains";

/**
 * The response headers of a page that depend on the request or the deployment. The static ones
 * (X-Content-Type-Options, Referrer-Policy, X-Frame-Options) come from next.config.js for every
 * path, where the review page narrows its Referrer-Policy.
 */
export function pageSecurityHeaders(options: PageSecurityOptions): Record<string, string> {
  return {
    "Content-Security-Policy": contentSecurityPolicy(options),
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    ...(options.https ? { "Strict-Transport-Security": HSTS } : {}),
  };
}

/** A fresh nonce: 128 random bits, base64 (what CSP's nonce-source expects). */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
