import type { PrismaClient } from "@/lib/db/generated/client";
import type { BurstFrame } from "@/test/publishing/story-burst";

/** Target states a run may still move on from. */
const OPEN_STATES = ["PENDING", "PREPARING", "READY", "PUBLISHING"] as const;

/** Waits until no target of the workspace is open any more, or `timeoutMs` passed (the caller then sees which). */
export async function untilTargetsSettle(
  db: PrismaClient,
  workspaceId: string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await db.storyTarget.count({ where: { workspaceId, state: { in: [...OPEN_STATES] } } });
    if (open === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** The workspace's targets with what a verdict needs, and counts of their states and of why some did not publish. */
export async function loadBurstTargets(db: PrismaClient, workspaceId: string) {
  const targets = await db.storyTarget.findMany({
    where: { workspaceId },
    select: {
      state: true,
      attemptCount: true,
      lastErrorMessage: true,
      channel: { select: { platform: true, externalAccountId: true } },
      story: { select: { scheduledAt: true } },
      // An attempt nobody closed: the worker running it was killed or cut off.
      attempts: { where: { outcome: "IN_PROGRESS" }, select: { id: true } },
    },
  });
  const states: Record<string, number> = {};
  const unpublished = new Map<string, number>();
  for (const target of targets) {
    states[target.state] = (states[target.state] ?? 0) + 1;
    if (target.state === "PUBLISHED") continue;
    const why = `${target.channel.platform} ${target.state}: ${target.lastErrorMessage ?? "-"}`;
    unpublished.set(why, (unpublished.get(why) ?? 0) + 1);
  }
  return { targets, states, unpublished };
}

export type BurstTarget = Awaited<ReturnType<typeof loadBurstTargets>>["targets"][number];

export type LedgerEntry = {
  accountId: string;
  mediaSha256: string;
  /** When the publishing call arrived, and when the story went live (later for a Facebook video). */
  receivedAt: number;
  publishedAt: number;
  callerAddress: string;
};

/**
 * The simulator's ledger for the burst's accounts: frames never published (missing), frames
 * published more than once (duplicates), and each account's first publish (each account belongs
 * to one target).
 */
export async function readBurstLedger(simulatorUrl: string, frames: BurstFrame[]) {
  const accounts = new Set(frames.map((f) => f.targetAccount));
  const entries = (
    (await (await fetch(`${simulatorUrl}/_sim/ledger`)).json()) as { data: LedgerEntry[] }
  ).data.filter((entry) => accounts.has(entry.accountId));
  const perFrame = new Map<string, number>();
  const firstPublish = new Map<string, number>();
  for (const entry of entries) {
    const key = `${entry.accountId} ${entry.mediaSha256}`;
    perFrame.set(key, (perFrame.get(key) ?? 0) + 1);
    firstPublish.set(
      entry.accountId,
      Math.min(firstPublish.get(entry.accountId) ?? Infinity, entry.publishedAt),
    );
  }
  return {
    entries,
    missing: frames.filter((f) => !perFrame.has(`${f.targetAccount} ${f.sha256}`)).length,
    duplicates: [...perFrame.values()].reduce((sum, n) => sum + n - 1, 0),
    /** A target's lateness: its first publish minus its due time (Infinity if it never went out). */
    latenessOf: (target: BurstTarget) =>
      (firstPublish.get(target.channel.externalAccountId) ?? Infinity) -
      (target.story.scheduledAt?.getTime() ?? 0),
  };
}

/** Nearest-rank percentile of a sorted list. */
export function percentile(sorted: number[], p: number): number {
  return (
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN
  );
}

export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** "p50 …, p99 …, max …" of a sorted list of milliseconds. */
export const figures = (sorted: number[]) =>
  `p50 ${seconds(percentile(sorted, 50))}, p99 ${seconds(percentile(sorted, 99))}, max ${seconds(sorted.at(-1) ?? Number.NaN)}`;
