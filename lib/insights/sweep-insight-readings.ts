import type { Queue } from "bullmq";
import { INSIGHT_SLOT_AFTER_MS, INSIGHT_SLOTS, STORY_LIVE_MS } from "@/lib/core/insights";
import { PLATFORM_DESCRIPTORS } from "@/lib/core/platforms/registry";
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { type InsightJob, requeueDueInsightReading } from "@/lib/queue/insights-queue";

/** At most this many readings per sweep; the next sweep, a minute later, takes the rest. */
const SWEEP_BATCH = 20_000;

/**
 * The insights sweep: Postgres, not Redis, says which readings are due. For every frame
 * published on a channel whose platform's numbers are polled, still live, connected, the slot
 * that is due now (its time has come and the next one's has not; the final one until the story
 * expires) is queued again when it has no snapshot and no job waiting or running (a job still
 * delayed is run now). So a worker
 * crash, a lost delayed job or a flushed Redis costs at most one sweep period, and the first
 * reading of every frame (+1 h) is found here: publishing does not have to add it.
 * Returns how many readings were due and how many of them were queued again.
 */
export async function sweepInsightReadings(deps: {
  db: Db;
  queue: Queue<InsightJob>;
  enqueue: (job: InsightJob, delayMs: number) => Promise<void>;
  now: Date;
  /** Only this workspace's frames (tests and the benchmark); every workspace by default. */
  workspaceId?: string;
}): Promise<{ due: number; queued: number }> {
  const polled = PLATFORM_DESCRIPTORS.filter((d) => d.insights.kind === "polled").map((d) => d.platform);
  if (polled.length === 0) return { due: 0, queued: 0 };
  // Each slot with the offset it opens at and the one it closes at (the next slot's, or expiry).
  const slots = Prisma.join(
    INSIGHT_SLOTS.map((slot, index) => {
      const next = INSIGHT_SLOTS[index + 1];
      const closes = next ? INSIGHT_SLOT_AFTER_MS[next] : STORY_LIVE_MS;
      return Prisma.sql`(${slot}, ${INSIGHT_SLOT_AFTER_MS[slot]}::bigint, ${closes}::bigint)`;
    }),
  );
  const now = deps.now;
  const rows = await deps.db.$queryRaw<
    { targetFrameId: string; workspaceId: string; slot: string }[]
  >(Prisma.sql`
    SELECT f.id AS "targetFrameId", f."workspaceId", s.name AS slot
    FROM "StoryTargetFrame" f
    JOIN "StoryTarget" t ON t.id = f."targetId"
    JOIN "Channel" c ON c.id = t."channelId"
    CROSS JOIN (VALUES ${slots}) AS s(name, opens, closes)
    WHERE f."publishedAt" > ${new Date(now.getTime() - STORY_LIVE_MS)}::timestamptz
      AND f."externalMediaId" IS NOT NULL
      ${deps.workspaceId ? Prisma.sql`AND f."workspaceId" = ${deps.workspaceId}` : Prisma.empty}
      AND c.platform::text = ANY(${polled}::text[])
      AND c.status = 'CONNECTED'
      AND f."publishedAt" <= ${now}::timestamptz - s.opens * interval '1 millisecond'
      AND f."publishedAt" > ${now}::timestamptz - s.closes * interval '1 millisecond'
      AND NOT EXISTS (
        SELECT 1 FROM "InsightSnapshot" i WHERE i."targetFrameId" = f.id AND i.slot::text = s.name
      )
    LIMIT ${SWEEP_BATCH}`);
  let queued = 0;
  for (const row of rows) {
    const job = {
      targetFrameId: row.targetFrameId,
      workspaceId: row.workspaceId,
      slot: row.slot,
    } as InsightJob;
    if (await requeueDueInsightReading(deps.queue, job, (due) => deps.enqueue(due, 0))) queued++;
  }
  return { due: rows.length, queued };
}
