import type { Db } from "@/lib/db/client";
import { openReviewLink } from "./open-review-link";
import type { ReviewRateLimit } from "./review-rate-limit";

/** What every request through a review link is built from. */
export type ReviewLinkDeps = {
  db: Db;
  authSecret: string;
  rateLimit: ReviewRateLimit;
  now?: () => Date;
};

/** Where a client's request came from: counted by the rate limit and kept in the audit trail. */
export type ClientRequest = { ip: string; userAgent: string | null };

/**
 * Opens the link for one request: the token checked (signature, then revocation and expiry), the
 * request counted against the link's and the IP's budgets, and the link marked used (to the minute).
 */
export async function openForRequest(deps: ReviewLinkDeps, token: string, request: ClientRequest) {
  const link = await openReviewLink(deps, token);
  await deps.rateLimit.consume(link.id, request.ip);
  const now = deps.now?.() ?? new Date();
  // At most one write a minute per link: a page view fetches many media files through it.
  await deps.db.reviewLink.updateMany({
    where: {
      id: link.id,
      workspaceId: link.workspaceId,
      OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now.getTime() - 60_000) } }],
    },
    data: { lastUsedAt: now },
  });
  return link;
}
