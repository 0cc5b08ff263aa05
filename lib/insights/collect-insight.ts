import { authSecret } from "@/lib/channels/credentials";
import { readCredentials } from "@/lib/channels/read-credentials";
import { type InsightSlot, STORY_LIVE_MS, slotDueAt } from "@/lib/core/insights";
import { platformDescriptor } from "@/lib/core/platforms/registry";
import type { InsightOutcome } from "@/lib/db/generated/client";
import type { InsightsReading, PlatformUsage, PublisherAccount } from "@/lib/publishers/contract";
import { isPublisherError } from "@/lib/publishers/publisher-error";
import type { InsightJob } from "@/lib/queue/insights-queue";
import type { InsightDeps } from "./deps";
import { nextSlot, slotOpen } from "./insight-slots";
import { recordInsightSnapshot } from "./record-insight-snapshot";

/**
 * Near its limit, an account's remaining calls go to publishing: non-final readings are thinned
 * (recorded as THINNED, no call made) once any of its budgets is this full. Meta starts refusing
 * at 100 %; 80 leaves publishing a fifth of the hour.
 */
export const THIN_AT_PERCENT = 80;
/** The final reading waits for a refusing platform only until this long before the story expires. */
const FINAL_LAST_CALL_MS = 5 * 60_000;
/** A failed reading (a platform hiccup) is tried again this much later, while its slot is open. */
const RETRY_MS = 60_000;
/** In its last minutes the final reading still tries again, but no more often than this. */
const FINAL_RETRY_MIN_MS = 15_000;

export type CollectOutcome =
  | { kind: "recorded"; outcome: InsightOutcome }
  /** Nothing to record now, and nothing to try again: the reason says why. */
  | { kind: "skipped"; reason: string }
  /** Try this job again later (the slot is not due yet, or the platform asked us to wait). */
  | { kind: "wait"; delayMs: number; reason: string };

/**
 * One reading of one published frame's numbers at one slot (one job of the insights queue). The
 * database decides: a frame that is not live, not on a polled platform, or already read at this
 * slot is skipped; a non-final slot whose successor is already due is skipped (nothing recorded:
 * insight-slots.ts). Near the account's call limit a non-final reading is THINNED without a call;
 * the final one is never thinned and waits for a refusing platform while the story is live.
 * Every reading is stored through recordInsightSnapshot (error 10 becomes TOO_FEW_VIEWERS). When
 * the slot is settled, the next slot's job is added for its due time.
 */
export async function collectInsight(deps: InsightDeps, job: InsightJob): Promise<CollectOutcome> {
  const frame = await deps.db.storyTargetFrame.findFirst({
    where: { id: job.targetFrameId, workspaceId: job.workspaceId },
    select: {
      id: true,
      publishedAt: true,
      externalMediaId: true,
      snapshots: { where: { slot: job.slot }, select: { id: true }, take: 1 },
      target: {
        select: {
          channel: {
            select: {
              id: true,
              workspaceId: true,
              platform: true,
              status: true,
              sandbox: true,
              externalAccountId: true,
              config: true,
            },
          },
        },
      },
    },
  });
  if (!frame) return { kind: "skipped", reason: "frame not found" };
  const { channel } = frame.target;
  if (platformDescriptor(channel.platform).insights.kind !== "polled") {
    return { kind: "skipped", reason: "the platform reports no numbers" };
  }
  const publishedAt = frame.publishedAt;
  if (!publishedAt || !frame.externalMediaId)
    return { kind: "skipped", reason: "not published (or no media id)" };

  const now = deps.now();
  const scheduleNext = () => scheduleAfter(deps, job, publishedAt, now);
  if (frame.snapshots.length > 0) {
    await scheduleNext();
    return { kind: "skipped", reason: "already recorded" };
  }
  const open = slotOpen(publishedAt, job.slot, now);
  if (open === "early") {
    return {
      kind: "wait",
      delayMs: slotDueAt(publishedAt, job.slot).getTime() - now.getTime(),
      reason: "not due",
    };
  }
  if (open !== "open") {
    if (open === "missed") await scheduleNext();
    return { kind: "skipped", reason: open === "missed" ? "missed: a later slot is due" : "story expired" };
  }
  if (channel.status !== "CONNECTED") return { kind: "skipped", reason: `channel is ${channel.status}` };

  const final = job.slot === "FINAL";
  const expiresAt = publishedAt.getTime() + STORY_LIVE_MS;
  // The final reading may wait for a refusing platform, but not past its last useful moment.
  const finalWait = (ms: number) => Math.min(ms, expiresAt - FINAL_LAST_CALL_MS - now.getTime());

  const usage = await deps.usage.read(channel.externalAccountId, now);
  if (!final && usage && usage.percent >= THIN_AT_PERCENT) {
    return thin(deps, job, now, scheduleNext);
  }
  if (final && usage?.regainAt && finalWait(usage.regainAt.getTime() - now.getTime()) > 0) {
    return {
      kind: "wait",
      delayMs: finalWait(usage.regainAt.getTime() - now.getTime()),
      reason: "call limit reached",
    };
  }

  const publisher = deps.publisherFor(channel.platform);
  if (!publisher.readInsights) return { kind: "skipped", reason: "the adapter reads no numbers" };
  const account: PublisherAccount = {
    externalAccountId: channel.externalAccountId,
    secret: authSecret(await readCredentials(deps.db, deps.box, channel)),
    config: (channel.config ?? {}) as Record<string, unknown>,
  };
  // Every answer's usage headers, refusals included, go to the account's usage book.
  let seen: PlatformUsage | undefined;
  const endpoints = {
    ...deps.endpointsFor(channel),
    onUsage: (usage: PlatformUsage) => {
      seen = usage;
    },
  };
  let reading: InsightsReading;
  try {
    reading = await publisher.readInsights(account, frame.externalMediaId, endpoints);
  } catch (error) {
    if (seen) await deps.usage.record(seen, now, channel.externalAccountId);
    if (!isPublisherError(error)) throw error;
    deps.logger.info(
      {
        targetFrameId: job.targetFrameId,
        slot: job.slot,
        code: error.platformCode,
        errorClass: error.errorClass,
      },
      "insight reading failed",
    );
    if (error.errorClass === "rate_limited") {
      // The platform says the account is at its limit: exactly when publishing needs the calls.
      if (!final) return thin(deps, job, now, scheduleNext);
      return {
        kind: "wait",
        delayMs: Math.max(finalWait(error.retryAfterMs ?? RETRY_MS), FINAL_RETRY_MIN_MS),
        reason: "call limit reached",
      };
    }
    if (error.errorClass === "retryable") {
      // Past its last useful moment the final reading still tries, now and then, until the story is gone.
      const delayMs = final ? Math.max(finalWait(RETRY_MS), FINAL_RETRY_MIN_MS) : RETRY_MS;
      return { kind: "wait", delayMs, reason: error.advice };
    }
    return { kind: "skipped", reason: error.advice };
  }
  if (seen) await deps.usage.record(seen, now, channel.externalAccountId);
  if (reading.kind === "gone") return { kind: "skipped", reason: "the platform no longer has the story" };

  const outcome: InsightOutcome = reading.kind === "numbers" ? "OK" : "TOO_FEW_VIEWERS";
  await recordInsightSnapshot(deps, {
    workspaceId: job.workspaceId,
    targetFrameId: job.targetFrameId,
    slot: job.slot,
    source: "POLL",
    outcome,
    capturedAt: now,
    numbers: reading.kind === "numbers" ? reading.numbers : {},
  });
  await scheduleNext();
  return { kind: "recorded", outcome };
}

async function thin(
  deps: InsightDeps,
  job: InsightJob,
  now: Date,
  scheduleNext: () => Promise<void>,
): Promise<CollectOutcome> {
  await recordInsightSnapshot(deps, {
    workspaceId: job.workspaceId,
    targetFrameId: job.targetFrameId,
    slot: job.slot,
    source: "POLL",
    outcome: "THINNED",
    capturedAt: now,
    numbers: {},
  });
  await scheduleNext();
  return { kind: "recorded", outcome: "THINNED" };
}

/** The next slot's job, due when it is (the sweep adds it anyway should this add be lost). */
async function scheduleAfter(
  deps: InsightDeps,
  job: InsightJob,
  publishedAt: Date,
  now: Date,
): Promise<void> {
  const next: InsightSlot | null = nextSlot(job.slot);
  if (!next) return;
  await deps.enqueue(
    { targetFrameId: job.targetFrameId, workspaceId: job.workspaceId, slot: next },
    slotDueAt(publishedAt, next).getTime() - now.getTime(),
  );
}
