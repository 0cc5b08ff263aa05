/** Where a request came from, as the audit trail keeps it. */
export type RequestOrigin = { ip: string | null; userAgent: string | null };

/** Longest user agent kept: enough to tell a browser and its system apart, not a payload. */
export const USER_AGENT_MAX = 300;
const IP_MAX = 64;

/**
 * The client's IP and user agent from a request's headers. X-Forwarded-For (its first hop, the
 * client as the proxy saw it) and X-Real-IP are believed only when a proxy we run sets them
 * (`trustProxy`, TRUST_PROXY): a client reaching us directly could write anything there, and an
 * audit entry must not record a forged address as fact. Without one the IP is unknown (null):
 * Next.js gives route handlers and server actions no socket address.
 */
export function requestOriginOf(headers: Headers, trustProxy: boolean): RequestOrigin {
  const forwarded = trustProxy
    ? headers.get("x-forwarded-for")?.split(",")[0]?.trim() || headers.get("x-real-ip")?.trim()
    : undefined;
  const userAgent = headers.get("user-agent")?.trim();
  return {
    ip: forwarded ? forwarded.slice(0, IP_MAX) : null,
    userAgent: userAgent ? userAgent.slice(0, USER_AGENT_MAX) : null,
  };
}
