import {
  INSIGHT_METRICS,
  type InsightMetric,
  type InsightNumbers,
  type InsightSlot,
} from "@/lib/core/insights";
import type { Db } from "@/lib/db/client";
import type { InsightContentType, InsightOutcome, InsightSource, Platform } from "@/lib/db/generated/client";
import { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { emitInsightsFinalIfComplete } from "./emit-insights-final";

export type InsightSnapshotInput = {
  workspaceId: string;
  targetFrameId: string;
  slot: InsightSlot;
  source: InsightSource;
  outcome: InsightOutcome;
  capturedAt: Date;
  /** Empty unless `outcome` is OK. */
  numbers: InsightNumbers;
};

/**
 * Stores one reading of a published frame's numbers, and keeps the frame's latest numbers
 * (FrameInsight) in step in the same transaction. Idempotent: a frame has one snapshot per slot
 * and source, so a retried poll or a replayed webhook delivery records nothing the second time
 * (`recorded: false`).
 *
 * Which reading is the frame's latest: a final one beats any other, and otherwise the newer one
 * wins; a THINNED slot (not asked) changes nothing, and "too few viewers" never replaces numbers
 * (viewers only grow while a story is live).
 *
 * A FINAL reading that completes its target (every published frame has one, from either source)
 * emits `story.insights_final` once, in this transaction (emit-insights-final.ts), so the poller
 * and the platform's webhook intake both trigger it. `deps.now` stamps that event (the real
 * clock by default); `capturedAt` is when the numbers were read.
 */
export async function recordInsightSnapshot(
  deps: { db: Db; now?: () => Date },
  input: InsightSnapshotInput,
): Promise<{ recorded: boolean; insightsFinal: boolean }> {
  for (const [metric, value] of Object.entries(input.numbers)) {
    if (value !== undefined && !(Number.isSafeInteger(value) && value >= 0)) {
      throw new AppError(
        "INVALID_INPUT",
        `The insight "${metric}" must be a whole number of at least 0, not ${value}.`,
      );
    }
  }
  if (input.slot === "FINAL" && input.outcome === "THINNED") {
    throw new AppError("INVALID_INPUT", "The final reading of a story is never thinned.");
  }
  return deps.db.$transaction(async (tx) => {
    const frame = await tx.storyTargetFrame.findFirst({
      where: { id: input.targetFrameId, workspaceId: input.workspaceId },
      select: {
        targetId: true,
        position: true,
        publishedAt: true,
        frame: { select: { mediaAsset: { select: { kind: true } } } },
        target: {
          select: {
            channelId: true,
            channel: { select: { platform: true } },
            story: { select: { id: true, brandId: true, _count: { select: { frames: true } } } },
          },
        },
      },
    });
    if (!frame) throw new AppError("NOT_FOUND", "That story frame was not found in this workspace.");
    if (!frame.publishedAt) {
      throw new AppError("CONFLICT", "That story frame has not been published, so it has no numbers yet.");
    }
    const final = input.slot === "FINAL";
    // Final readings of one target take turns, so the last of them sees all the others
    // (emit-insights-final.ts).
    if (final) {
      await tx.$executeRaw(Prisma.sql`SELECT 1 FROM "StoryTarget" WHERE id = ${frame.targetId} FOR UPDATE`);
    }
    const numbers = input.outcome === "OK" ? input.numbers : {};
    const created = await tx.insightSnapshot.createMany({
      data: [
        {
          workspaceId: input.workspaceId,
          targetId: frame.targetId,
          targetFrameId: input.targetFrameId,
          slot: input.slot,
          source: input.source,
          outcome: input.outcome,
          capturedAt: input.capturedAt,
          ...numbers,
        },
      ],
      skipDuplicates: true,
    });
    if (created.count === 0) return { recorded: false, insightsFinal: false };
    if (input.outcome === "THINNED") return { recorded: true, insightsFinal: false };

    await keepFrameInsight(tx, input, frame, numbers);
    const insightsFinal =
      final &&
      (await emitInsightsFinalIfComplete(
        tx,
        { id: frame.targetId, workspaceId: input.workspaceId },
        deps.now?.() ?? new Date(),
      ));
    return { recorded: true, insightsFinal };
  });
}

type LoadedFrame = {
  targetId: string;
  position: number;
  publishedAt: Date | null;
  frame: { mediaAsset: { kind: string } | null };
  target: {
    channelId: string;
    channel: { platform: Platform };
    story: { id: string; brandId: string; _count: { frames: number } };
  };
};

/** The frame's latest numbers (FrameInsight), replaced by this reading when it is the better one. */
async function keepFrameInsight(
  tx: Prisma.TransactionClient,
  input: InsightSnapshotInput,
  frame: LoadedFrame,
  numbers: InsightNumbers,
): Promise<void> {
  const final = input.slot === "FINAL";
  const current = await tx.frameInsight.findUnique({ where: { targetFrameId: input.targetFrameId } });
  // Two final readings (our last poll and the platform's webhook) are merged rather than one
  // replacing the other: the webhook brings fewer metrics (no views, shares or follows), neither
  // will change again, and each metric keeps the newer reading's value where it has one.
  const bothFinal = final && current?.final === true && input.outcome === "OK";
  const replaces =
    !current ||
    bothFinal ||
    (final && !current.final) ||
    (final === current.final &&
      input.capturedAt >= current.capturedAt &&
      !(input.outcome === "TOO_FEW_VIEWERS" && current.outcome === "OK"));
  if (!replaces) return;

  const kind = frame.frame.mediaAsset?.kind;
  const contentType: InsightContentType = kind === "VIDEO" ? "VIDEO" : kind === "IMAGE" ? "PHOTO" : "TEXT";
  const newer = !current || input.capturedAt >= current.capturedAt;
  // Otherwise every metric is written, absent ones as null: a newer reading that lacks a metric
  // must not leave an older value looking current.
  const metric = (name: InsightMetric): number | null => {
    if (!bothFinal || !current) return numbers[name] ?? null;
    return newer ? (numbers[name] ?? current[name]) : (current[name] ?? numbers[name] ?? null);
  };
  const values = {
    ...(Object.fromEntries(INSIGHT_METRICS.map((name) => [name, metric(name)])) as Record<
      InsightMetric,
      number | null
    >),
    capturedAt: newer ? input.capturedAt : (current?.capturedAt ?? input.capturedAt),
    outcome: input.outcome,
    final: final || (current?.final ?? false),
  };
  await tx.frameInsight.upsert({
    where: { targetFrameId: input.targetFrameId },
    update: values,
    create: {
      targetFrameId: input.targetFrameId,
      workspaceId: input.workspaceId,
      brandId: frame.target.story.brandId,
      storyId: frame.target.story.id,
      targetId: frame.targetId,
      channelId: frame.target.channelId,
      platform: frame.target.channel.platform,
      position: frame.position,
      lastFrame: frame.position === frame.target.story._count.frames - 1,
      contentType,
      publishedAt: frame.publishedAt ?? input.capturedAt,
      ...values,
    },
  });
}
