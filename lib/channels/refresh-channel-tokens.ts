import type { SecretBox } from "@/lib/crypto/secret-box";
import type { Db } from "@/lib/db/client";
import type { Logger } from "@/lib/logger";
import type { PublisherEndpoints, PublisherPlatform, StoryPublisher } from "@/lib/publishers/contract";
import { isPublisherError, reasonOf } from "@/lib/publishers/publisher-error";
import { authSecret, withSecret } from "./credentials";
import { markNeedsReauth } from "./notify-reauth-needed";
import { readCredentials } from "./read-credentials";

/**
 * Tokens are renewed this long before they expire. Instagram Login tokens live 60 days and can
 * be refreshed once a day old, so a week leaves six daily chances should the platform be down.
 */
export const REFRESH_AHEAD_MS = 7 * 24 * 3_600_000;
const BATCH = 50;

export type TokenRefreshDeps = {
  db: Db;
  box: SecretBox;
  logger: Logger;
  publisherFor(platform: PublisherPlatform): StoryPublisher;
  endpointsFor(channel: { sandbox: boolean }): PublisherEndpoints;
  now(): Date;
};

export type TokenRefreshReport = { refreshed: number; needsReauth: number; failed: number };

/**
 * Renews the tokens of connected channels that expire soon, where the platform allows it
 * (StoryPublisher.refreshSecret), so a channel does not drop to NEEDS_REAUTH in the middle of a
 * campaign. A refusal that means the token is dead marks the channel NEEDS_REAUTH and tells the
 * owners now, days before a story would find out; anything else is tried again on the next run.
 * Channels whose platform cannot renew their token (Facebook Page tokens do not expire; others
 * are renewed by reconnecting) are left alone: their expiry shows on the brand page.
 */
export async function refreshChannelTokens(deps: TokenRefreshDeps): Promise<TokenRefreshReport> {
  const report: TokenRefreshReport = { refreshed: 0, needsReauth: 0, failed: 0 };
  const due = await deps.db.channel.findMany({
    where: {
      status: "CONNECTED",
      tokenExpiresAt: { lt: new Date(deps.now().getTime() + REFRESH_AHEAD_MS) },
    },
    select: {
      id: true,
      workspaceId: true,
      brandId: true,
      platform: true,
      sandbox: true,
      config: true,
      externalAccountId: true,
      displayName: true,
    },
    orderBy: { tokenExpiresAt: "asc" },
    take: BATCH,
  });
  for (const channel of due) {
    const publisher = deps.publisherFor(channel.platform);
    if (!publisher.refreshSecret) continue;
    const log = deps.logger.child({ channelId: channel.id });
    try {
      const credentials = await readCredentials(deps.db, deps.box, channel);
      const renewed = await publisher.refreshSecret(
        {
          externalAccountId: channel.externalAccountId,
          secret: authSecret(credentials),
          config: (channel.config ?? {}) as Record<string, unknown>,
        },
        deps.endpointsFor(channel),
      );
      if (!renewed) continue;
      const sealed = deps.box.seal(JSON.stringify(withSecret(credentials, renewed.secret)), channel.id);
      await deps.db.$transaction([
        deps.db.channelCredential.update({ where: { channelId: channel.id }, data: sealed }),
        deps.db.channel.update({
          where: { id: channel.id },
          data: { tokenExpiresAt: renewed.expiresAt ?? null },
        }),
      ]);
      report.refreshed += 1;
      log.info({ expiresAt: renewed.expiresAt }, "channel token renewed");
    } catch (error) {
      if (isPublisherError(error) && error.errorClass === "reauth_required") {
        await markNeedsReauth(deps.db, channel, error.advice);
        report.needsReauth += 1;
        continue;
      }
      report.failed += 1;
      log.warn(
        {
          reason: reasonOf(error),
        },
        "could not renew the channel's token; trying again on the next run",
      );
    }
  }
  return report;
}
