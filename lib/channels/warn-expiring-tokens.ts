import type { Db, DbOrTx } from "@/lib/db/client";
import { notify } from "@/lib/notifications/notify";
import { type ExpiringChannel, emitChannelTokenExpiring } from "@/lib/webhooks/emit-channel-token-expiring";

const DAY_MS = 24 * 3_600_000;

/**
 * How many days before a token's expiry its owners hear about it: a week ahead (time to plan a
 * reconnect), then the day before. Largest first.
 */
export const EXPIRY_WARNING_DAYS = [7, 1] as const;
const BATCH = 200;

export type ExpiryWarningDeps = { db: Db; now(): Date };

/**
 * Warns about connected channels whose token expires within 7 days, and again within 1 day: an
 * in-app notice to the workspace's owners and admins and a `channel.token_expiring` webhook.
 * Each threshold is announced once per channel and expiry: the warning is recorded on the
 * channel (expiryWarnedFor, expiryWarnedDays) by a conditional update in the same transaction as
 * the notice, so a repeat run (or another worker running at the same time) sends nothing, and a
 * renewed token (another expiry) is warned about afresh. A channel first seen inside 1 day gets
 * the 1-day warning only. Runs after the token renewal (refreshChannelTokens), so a token that
 * could be renewed is, and is not warned about. Returns how many warnings it sent.
 */
export async function warnExpiringTokens(deps: ExpiryWarningDeps): Promise<number> {
  const now = deps.now();
  const horizon = new Date(now.getTime() + EXPIRY_WARNING_DAYS[0] * DAY_MS);
  const due = await deps.db.channel.findMany({
    where: { status: "CONNECTED", tokenExpiresAt: { gt: now, lte: horizon } },
    select: {
      id: true,
      workspaceId: true,
      brandId: true,
      platform: true,
      displayName: true,
      tokenExpiresAt: true,
      expiryWarnedFor: true,
      expiryWarnedDays: true,
    },
    orderBy: { tokenExpiresAt: "asc" },
    take: BATCH,
  });
  let sent = 0;
  for (const channel of due) {
    const expiresAt = channel.tokenExpiresAt;
    if (!expiresAt) continue;
    const left = expiresAt.getTime() - now.getTime();
    // The smallest threshold already reached: 1 inside a day, else 7.
    const days = EXPIRY_WARNING_DAYS.filter((d) => left <= d * DAY_MS).at(-1);
    if (days === undefined) continue;
    const sameExpiry = channel.expiryWarnedFor?.getTime() === expiresAt.getTime();
    if (sameExpiry && channel.expiryWarnedDays !== null && channel.expiryWarnedDays <= days) continue;
    const warned = await deps.db.$transaction(async (tx) => {
      const claimed = await tx.channel.updateMany({
        where: {
          id: channel.id,
          workspaceId: channel.workspaceId,
          status: "CONNECTED",
          tokenExpiresAt: expiresAt,
          OR: [
            { expiryWarnedFor: null },
            { expiryWarnedFor: { not: expiresAt } },
            { expiryWarnedDays: null },
            { expiryWarnedDays: { gt: days } },
          ],
        },
        data: { expiryWarnedFor: expiresAt, expiryWarnedDays: days },
      });
      if (claimed.count !== 1) return false;
      await notifyTokenExpiring(tx, { ...channel, tokenExpiresAt: expiresAt }, days, now);
      return true;
    });
    if (warned) sent += 1;
  }
  return sent;
}

async function notifyTokenExpiring(
  tx: DbOrTx,
  channel: ExpiringChannel,
  days: number,
  now: Date,
): Promise<void> {
  const when = days === 1 ? "within a day" : `within ${days} days`;
  await notify(tx, {
    kind: "channel.token_expiring",
    workspaceId: channel.workspaceId,
    brandId: channel.brandId,
    title: `${channel.displayName}: its token expires ${when}`,
    body: "Reconnect it before then, or its stories will be held until someone does.",
    path: "/connections",
  });
  await emitChannelTokenExpiring(tx, channel, days, now);
}
