import type { Redis } from "ioredis";
import type { PlatformUsage } from "@/lib/publishers/contract";

/** Meta's budgets roll over an hour: an older reading of them says nothing about now. */
const USAGE_FRESH_MS = 3_600_000;

export type AccountUsage = {
  /** The highest percentage of the account's budgets (and the app's) in the last answer. */
  percent: number;
  /** When the platform said calls are accepted again, if it is refusing them. */
  regainAt: Date | null;
  seenAt: Date;
};

/**
 * The last usage numbers the platform sent for each account (Graph `X-App-Usage` and
 * `X-Business-Use-Case-Usage`), kept in Redis so every worker sees what the publishers and the
 * insight readings of the others saw. Keyed by the platform's account id (Meta's ids are unique
 * across its products). Advice only: losing it (a Redis flush) just means the next answer fills
 * it again.
 */
export type UsageBook = {
  /** Remembers one answer's usage: for `accountId`, or for every account the headers name. */
  record(usage: PlatformUsage, now: Date, accountId?: string): Promise<void>;
  read(accountId: string, now: Date): Promise<AccountUsage | null>;
};

/** The account's share of one answer: its own budgets, and the app's, which it also draws on. */
export function accountPercent(usage: PlatformUsage, accountId: string): number {
  const app = usage.app ? [usage.app.callCount, usage.app.totalTime, usage.app.totalCputime] : [];
  const own = usage.businessUseCases
    .filter((entry) => entry.accountId === accountId)
    .flatMap((entry) => [entry.callCount, entry.totalTime, entry.totalCputime]);
  return Math.max(0, ...app, ...own);
}

/**
 * A reading about the same as the last one this process wrote is written again at most this
 * often. Every Graph answer carries the headers (four per published story on Instagram), and
 * writing each was a measurable share of a publish worker's CPU; a reading this old is still
 * fresh enough, and the readers act on thresholds tens of points apart.
 */
const UNCHANGED_REWRITE_MS = 60_000;
/** Percentage points within which two readings count as the same. */
const SAME_PERCENT = 5;
/** Bounds the memory of what this process wrote last; forgetting only costs a rewrite. */
const REMEMBERED_ACCOUNTS = 10_000;

export function createUsageBook(redis: Redis, prefix = "storyrelay:graph-usage"): UsageBook {
  const key = (accountId: string) => `${prefix}:${accountId}`;
  const written = new Map<string, { percent: number; regainAt: number; at: number }>();
  const unchanged = (account: string, percent: number, regainAt: number, at: number) => {
    const last = written.get(account);
    return (
      last !== undefined &&
      Math.abs(last.percent - percent) < SAME_PERCENT &&
      last.regainAt === regainAt &&
      at - last.at < UNCHANGED_REWRITE_MS
    );
  };
  return {
    async record(usage, now, accountId) {
      const accounts = accountId
        ? [accountId]
        : [...new Set(usage.businessUseCases.map((entry) => entry.accountId))];
      if (accounts.length === 0) return;
      if (written.size > REMEMBERED_ACCOUNTS) written.clear();
      // A pipeline per account: on a Redis Cluster the accounts' keys sit on different slots,
      // and ioredis sends one pipeline to one node (decision 038).
      await Promise.all(
        accounts.map((account) => {
          const regainMin = Math.max(
            0,
            ...usage.businessUseCases
              .filter((entry) => entry.accountId === account)
              .map((entry) => entry.estimatedTimeToRegainAccessMin),
          );
          const percent = accountPercent(usage, account);
          const regainAt = regainMin > 0 ? now.getTime() + regainMin * 60_000 : 0;
          if (unchanged(account, percent, regainAt, now.getTime())) return undefined;
          written.set(account, { percent, regainAt, at: now.getTime() });
          return redis
            .pipeline()
            .hset(key(account), { percent, regainAt, seenAt: now.getTime() })
            .pexpire(key(account), USAGE_FRESH_MS)
            .exec();
        }),
      );
    },
    async read(accountId, now) {
      const stored = await redis.hgetall(key(accountId));
      const seenAt = Number(stored.seenAt);
      if (!Number.isFinite(seenAt) || now.getTime() - seenAt > USAGE_FRESH_MS) return null;
      const regainAt = Number(stored.regainAt);
      return {
        percent: Number(stored.percent) || 0,
        regainAt: regainAt > now.getTime() ? new Date(regainAt) : null,
        seenAt: new Date(seenAt),
      };
    },
  };
}
