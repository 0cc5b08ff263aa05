import type { DbOrTx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { verifyReviewToken } from "./review-token";

export const INVALID_LINK_MESSAGE =
  "This review link is not valid. Check that you opened the whole link, or ask the agency for a new one.";
export const REVOKED_LINK_MESSAGE = "This review link was revoked. Ask the agency for a new one.";
export const EXPIRED_LINK_MESSAGE = "This review link has expired. Ask the agency for a new one.";

/**
 * The link a review token names, with its brand, when it may still be used. The signature is
 * checked first, so a forged or altered token costs no database read; then the row must exist,
 * carry the token's expiry, be unrevoked and unexpired. Each refusal is NOT_FOUND with a message
 * the client can act on (no account, so there is nothing else to offer them).
 */
export async function openReviewLink(
  deps: { db: DbOrTx; authSecret: string; now?: () => Date },
  token: string,
) {
  const verified = verifyReviewToken(deps.authSecret, token);
  if (!verified) throw new AppError("NOT_FOUND", INVALID_LINK_MESSAGE);
  const link = await deps.db.reviewLink.findUnique({
    where: { id: verified.linkId },
    include: { brand: { select: { id: true, name: true, timeZone: true, approvalPolicy: true } } },
  });
  if (!link || Math.floor(link.expiresAt.getTime() / 1000) !== verified.exp) {
    throw new AppError("NOT_FOUND", INVALID_LINK_MESSAGE);
  }
  if (link.revokedAt) throw new AppError("NOT_FOUND", REVOKED_LINK_MESSAGE);
  const now = deps.now?.() ?? new Date();
  if (link.expiresAt <= now) throw new AppError("NOT_FOUND", EXPIRED_LINK_MESSAGE);
  return link;
}

export type OpenReviewLink = Awaited<ReturnType<typeof openReviewLink>>;
