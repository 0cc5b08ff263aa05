import { randomUUID } from "node:crypto";
import { CLAIMABLE_TARGET_STATES } from "@/lib/core/story-status";
import type { Db } from "@/lib/db/client";
import type { TargetState } from "@/lib/db/generated/enums";

export type Claim = { token: string; attemptNumber: number };

/**
 * Claims a target for one worker with a conditional update: only a claimable target whose lease
 * is free or expired can be taken, so when two workers hold the same job one of them loses here.
 * The returned token fences every later write (they all require leaseToken = token): a worker
 * that stalled past its lease cannot overwrite the work of the one that took over.
 */
export async function claimTarget(
  db: Db,
  target: { id: string; workspaceId: string },
  now: Date,
  leaseMs: number,
): Promise<Claim | null> {
  const token = randomUUID();
  const claimed = await db.storyTarget.updateMany({
    where: {
      id: target.id,
      workspaceId: target.workspaceId,
      state: { in: [...CLAIMABLE_TARGET_STATES] as TargetState[] },
      OR: [{ leaseExpiresAt: null }, { leaseExpiresAt: { lt: now } }],
    },
    data: {
      leaseToken: token,
      leaseExpiresAt: new Date(now.getTime() + leaseMs),
      attemptCount: { increment: 1 },
    },
  });
  if (claimed.count !== 1) return null;
  const row = await db.storyTarget.findFirstOrThrow({
    where: { id: target.id, leaseToken: token },
    select: { attemptCount: true },
  });
  return { token, attemptNumber: row.attemptCount };
}

/** Extends our lease before a step that may take a while; false when it was lost meanwhile. */
export async function renewLease(
  db: Db,
  targetId: string,
  claim: Claim,
  now: Date,
  leaseMs: number,
): Promise<boolean> {
  const renewed = await db.storyTarget.updateMany({
    where: { id: targetId, leaseToken: claim.token },
    data: { leaseExpiresAt: new Date(now.getTime() + leaseMs) },
  });
  return renewed.count === 1;
}
