import { performance } from "node:perf_hooks";
import { authSecret } from "@/lib/channels/credentials";
import { markNeedsReauth } from "@/lib/channels/notify-reauth-needed";
import { openCredentials } from "@/lib/channels/read-credentials";
import { backoffDelayMs } from "@/lib/core/backoff";
import { formatNamedInstant } from "@/lib/core/instant-format";
import { apiAddsSticker, PLATFORM_LIMITS } from "@/lib/core/platform-limits";
import { CLAIMABLE_TARGET_STATES } from "@/lib/core/story-status";
import { waitingFor } from "@/lib/core/target-wait";
import { Prisma } from "@/lib/db/generated/client";
import type { ErrorClass, TargetState, WaitReason } from "@/lib/db/generated/enums";
import type {
  CheckResult,
  FrameInput,
  PublisherAccount,
  PublisherEndpoints,
  StatusAudience,
  StoryPublisher,
} from "@/lib/publishers/contract";
import { isPublisherError, type PublisherError } from "@/lib/publishers/publisher-error";
import type { PublishJob } from "@/lib/queue/queues";
import { DISPATCH_LEAD_MS } from "@/lib/queue/timing";
import { type Claim, type ClaimedFrame, type ClaimedTarget, claimAndLoad } from "./claim-target";
import type { PipelineDeps } from "./deps";
import { endRun } from "./end-run";
import { tellTeamAboutExpiry } from "./expire-story";
import { handOffTarget, needsHandoff } from "./hand-off-target";
import { type LeaseHeartbeat, LeaseLost, startLeaseHeartbeat } from "./lease-heartbeat";
import { observeAttempt, observeFirstCall, observeOutcome, tracePublishCall } from "./publish-observer";
import { recordIntents } from "./record-intent";
import {
  INTENT_SEND_WINDOW_MS,
  INTENT_SETTLE_MS,
  MAX_ATTEMPTS,
  MAX_HOLD_MS,
  PUBLISH_CALL_DEADLINE_MS,
} from "./timing";

/** What the worker should do with the job after one run. */
export type PublishOutcome =
  /** Nothing to do: the story changed version, was canceled, or the target already ended. */
  | { kind: "stale"; reason: string }
  /** Another worker holds a live lease; look again when it runs out. */
  | { kind: "busy"; retryInMs: number }
  /** Come back later (container processing, backoff, rate limit) without holding a worker slot. */
  | { kind: "wait"; delayMs: number; reason: string }
  | { kind: "ended"; state: TargetState };

type Loaded = ClaimedTarget;
type LoadedFrame = ClaimedFrame;

/**
 * How many frames of ours may be in flight on one Instagram account beyond what the platform has
 * counted (other runs publishing at the same moment); within this margin of the quota we count
 * our own publishes too.
 */
const QUOTA_HEADROOM = 10;

/**
 * Publishes one story on one channel (one job of the target-publish queue), following
 * architecture.md: claim with a fenced lease (kept alive by a heartbeat while the run holds it),
 * then per frame prepare (before the instant when the run started early; the container's id is
 * stored with the intent, or with the wait while it processes), await ready without holding a
 * worker slot, hold until the exact instant, record the intent, publish, record the result (for
 * the last frame, with the end of the run). On any later run a frame with an intent but no result
 * is first reconciled with the platform (findPublished), so nothing is published twice.
 */
export async function publishTarget(deps: PipelineDeps, job: PublishJob): Promise<PublishOutcome> {
  const claimStartedAt = performance.now();
  const claimed = await claimAndLoad(deps.sql, job, deps.now(), deps.leaseMs);
  if (!claimed) return explainUnclaimed(deps, job);
  const { target: loaded, claim } = claimed;
  const { story, channel } = loaded;
  const attempt = { id: claim.attemptId };
  const heartbeat = startLeaseHeartbeat(deps, loaded.id, claim, claimStartedAt);
  observeAttempt(channel.platform);

  const log = () =>
    deps.logger.child({ storyId: story.id, targetId: loaded.id, attempt: claim.attemptNumber });
  try {
    const early = (story.scheduledAt?.getTime() ?? 0) - deps.now().getTime();
    if (early > MAX_HOLD_MS) {
      return await release(deps, loaded, claim, attempt.id, {
        kind: "poll",
        delayMs: early - DISPATCH_LEAD_MS,
        reason: "not due yet",
      });
    }
    // Dispatch runs a little early: what is invisible (limits, preparing the media) happens
    // now, and the run holds the target until its exact instant before anything visible.
    const untilDue = async () => {
      const wait = (story.scheduledAt?.getTime() ?? 0) - deps.now().getTime();
      if (wait <= 0) return;
      await Promise.race([deps.sleep(wait), heartbeat.lost]);
      heartbeat.assertHeld();
    };

    // A handoff channel, or frames with stickers this platform's API cannot add (decision 023).
    if (needsHandoff(loaded)) {
      await untilDue();
      if (story.freshnessDeadline && deps.now() > story.freshnessDeadline) {
        return await release(deps, loaded, claim, attempt.id, { kind: "expired" });
      }
      await handOffTarget(deps, loaded, claim, attempt.id);
      observeOutcome(channel.platform, "AWAITING_PERSON");
      return { kind: "ended", state: "AWAITING_PERSON" };
    }

    const wait = await deps.channelCallWait(channel.id);
    if (wait > 0)
      return await release(deps, loaded, claim, attempt.id, {
        kind: "rate",
        delayMs: wait,
        reason: "channel call budget",
        wait: "CALL_BUDGET",
      });

    const publisher = deps.publisherFor(channel.platform);
    const account: PublisherAccount = {
      externalAccountId: channel.externalAccountId,
      secret: authSecret(openCredentials(deps.box, loaded.credential, channel)),
      config: (channel.config ?? {}) as Record<string, unknown>,
    };
    const endpoints = deps.endpointsFor(channel);

    const quotaWait = await publishingQuotaWait(deps, publisher, account, endpoints, loaded);
    if (quotaWait) {
      return await release(deps, loaded, claim, attempt.id, {
        kind: "rate",
        delayMs: quotaWait.delayMs,
        reason: "publishing quota used up",
        wait: "QUOTA",
        detail: quotaWait.detail,
      });
    }

    const audience = publisher.listContacts ? (loaded.audience ?? undefined) : undefined;
    for (const frame of loaded.frames) {
      if (frame.state === "PUBLISHED") continue;
      const outcome = await publishFrame(deps, {
        loaded,
        frame,
        claim,
        heartbeat,
        publisher,
        account,
        endpoints,
        audience,
        untilDue,
        attemptId: attempt.id,
      });
      if (outcome === "ended") return { kind: "ended", state: "PUBLISHED" };
      if (outcome) return await release(deps, loaded, claim, attempt.id, outcome);
    }
    // Every frame was live already (an earlier run's, reconciled or recorded before it ended).
    return await finish(deps, loaded, claim, attempt.id, "PUBLISHED", null);
  } catch (error) {
    if (error instanceof LeaseLost) {
      log().warn("lease lost mid-run (this worker stalled past it); another run takes over");
      // If nobody has taken the target yet, give it back now rather than when the lease runs out.
      await giveBack(deps, loaded, claim);
      await closeAttempt(deps, attempt.id, "FAILED", {
        message: "This worker stalled past its lease; another run takes over.",
      });
      return { kind: "busy", retryInMs: 1_000 };
    }
    if (!isPublisherError(error)) {
      // Our own trouble (database, Redis, a bug): give the target back now rather than when the
      // lease runs out, then let the job fail; the sweep brings it back after a short backoff.
      await abandon(deps, loaded, claim, attempt.id, error).catch(() => undefined);
      throw error;
    }
    log().info({ errorClass: error.errorClass, code: error.platformCode }, "publish step failed");
    return await handlePublisherError(deps, loaded, claim, attempt.id, error);
  } finally {
    heartbeat.stop();
  }
}

/** Why the claim failed: the slow path, read with the ORM since it is rare. */
async function explainUnclaimed(deps: PipelineDeps, job: PublishJob): Promise<PublishOutcome> {
  const target = await deps.db.storyTarget.findFirst({
    where: { id: job.targetId, workspaceId: job.workspaceId },
    select: {
      id: true,
      state: true,
      leaseExpiresAt: true,
      story: {
        select: {
          status: true,
          version: true,
          brand: { select: { deletionScheduledAt: true } },
          workspace: { select: { deletionScheduledAt: true } },
        },
      },
      channel: { select: { status: true } },
    },
  });
  if (!target) return { kind: "stale", reason: "target not found" };
  const { story } = target;
  // Held for a deletion's grace period (decision 035): the sweep leaves it alone until an undo.
  if (story.brand.deletionScheduledAt || story.workspace.deletionScheduledAt) {
    return { kind: "stale", reason: "held: scheduled for deletion" };
  }
  if (story.version !== job.storyVersion || story.status !== "PUBLISHING") {
    return { kind: "stale", reason: `story is ${story.status} v${story.version}` };
  }
  if (target.channel.status === "NEEDS_REAUTH") {
    await holdForReauth(deps, target);
    return { kind: "ended", state: "NEEDS_REAUTH" };
  }
  if (!target.leaseExpiresAt || !CLAIMABLE_TARGET_STATES.includes(target.state as TargetState)) {
    return { kind: "stale", reason: `target is ${target.state}` };
  }
  return {
    kind: "busy",
    retryInMs: Math.max(250, target.leaseExpiresAt.getTime() - deps.now().getTime() + 250),
  };
}

type StepOutcome =
  | {
      kind: "poll" | "rate" | "retry";
      delayMs: number;
      reason: string;
      error?: PublisherError;
      /** What the target waits for meanwhile, shown to people (none for "not due yet"). */
      wait?: WaitReason;
      /** The platform's own numbers behind the wait. */
      detail?: string;
      /** A container prepared in this run, stored so the next run carries on with it. */
      container?: { frameId: string; id: string };
    }
  | { kind: "expired" }
  | { kind: "canceled" }
  | null;

/**
 * One frame, from wherever it stopped last time. Returns null when the frame is live, "ended"
 * when it was the target's last and the target has ended PUBLISHED with it (one transaction,
 * finish()), or why to stop here.
 */
async function publishFrame(
  deps: PipelineDeps,
  input: {
    loaded: Loaded;
    frame: LoadedFrame;
    claim: Claim;
    heartbeat: LeaseHeartbeat;
    publisher: StoryPublisher;
    account: PublisherAccount;
    endpoints: PublisherEndpoints;
    audience: StatusAudience | undefined;
    /** Resolves at the story's instant (at once after it). */
    untilDue: () => Promise<void>;
    attemptId: string;
  },
): Promise<StepOutcome | "ended"> {
  const { loaded, frame, claim, heartbeat, publisher, account, endpoints, audience } = input;
  // The platform's answer for this frame is recorded; for the target's last frame, with the end
  // of the run in the same transaction.
  const record = async (result: PublishedResult): Promise<null | "ended"> => {
    const last = loaded.frames.every((f) => f === frame || f.state === "PUBLISHED");
    if (!last) {
      await recordPublished(deps, frame, result);
      return null;
    }
    await finish(deps, loaded, claim, input.attemptId, "PUBLISHED", null, { frame, result });
    return "ended";
  };
  const frameInput: FrameInput = { ...toFrameInput(deps, frame, loaded), ...(audience ? { audience } : {}) };

  // An intent without a result: the last publish call's outcome is unknown. Ask first.
  if (frame.publishIntentAt && frame.externalContainerId) {
    const found = await publisher.findPublished(
      account,
      frame.externalContainerId,
      frameInput,
      endpoints,
      frame.publishIntentAt,
      await takenMediaIds(deps, loaded, frame, frame.publishIntentAt),
    );
    if (found) return record(found);
    if (!publisher.idempotentPublish) {
      // Not live now; but a publish call of a run that stalled or died may still be on its way.
      // Only an intent old enough that its call has taken effect or never will is void.
      const age = deps.now().getTime() - frame.publishIntentAt.getTime();
      if (age < INTENT_SETTLE_MS)
        return { kind: "poll", delayMs: INTENT_SETTLE_MS - age, reason: "earlier publish call settling" };
      // Certainly not live: the intent is void and the frame may go again.
      await voidIntent(deps, frame, claim);
    }
  }

  // A container prepared now is stored with the intent (or with the wait when it is still
  // processing), not on its own: one statement fewer per frame. Should the run die before, the
  // container is left unused on the platform (it publishes nothing) and the next run prepares
  // another.
  let containerId = frame.externalContainerId;
  let checkFirst = true;
  if (!containerId) {
    heartbeat.assertHeld();
    const prepared = await publisher.prepare(account, frameInput, endpoints);
    containerId = prepared.containerId;
    checkFirst = prepared.checkBeforePublish !== false;
  }

  // A container just made, of a kind the publish call itself refuses while unready: no status read.
  const status: CheckResult = checkFirst
    ? await publisher.check(account, containerId, frameInput, endpoints)
    : { status: "ready" };
  if (status.status === "pending")
    return {
      kind: "poll",
      delayMs: status.pollAfterMs,
      reason: "container processing",
      wait: "CONTAINER_PROCESSING",
      container: { frameId: frame.id, id: containerId },
    };
  if (status.status === "published") {
    const since = frame.publishIntentAt ?? frame.createdAt;
    const found = await publisher.findPublished(
      account,
      containerId,
      frameInput,
      endpoints,
      since,
      await takenMediaIds(deps, loaded, frame, since),
    );
    if (!found)
      // No recorded wait: the frame may be live already, so this must never expire early.
      return {
        kind: "retry",
        delayMs: 5_000,
        reason: "platform says published but cannot show it yet",
        container: { frameId: frame.id, id: containerId },
      };
    return record(found);
  }

  await input.untilDue();
  if (loaded.story.freshnessDeadline && deps.now() > loaded.story.freshnessDeadline)
    return { kind: "expired" };
  const intentStartedAt = performance.now();
  if (!(await recordIntent(deps, loaded, frame, claim, containerId))) return { kind: "canceled" };
  // The last look before the visible call: a run paused past its lease, or one whose intent took
  // too long to record, does not send (decision 008, "Short leases"); the intent stays and the
  // next run asks the platform once it has settled.
  heartbeat.assertHeld();
  if (performance.now() - intentStartedAt > INTENT_SEND_WINDOW_MS)
    return { kind: "poll", delayMs: INTENT_SETTLE_MS, reason: "publish call not sent in time" };
  if (frame === loaded.frames.find((f) => f.state !== "PUBLISHED"))
    observeFirstCall(loaded.channel.platform, loaded.story.scheduledAt, deps.now());
  let result: PublishedResult;
  try {
    result = await tracePublishCall(loaded.channel.platform, () =>
      publisher.publish(account, containerId, frameInput, {
        ...endpoints,
        timeoutMs: Math.min(endpoints.timeoutMs, PUBLISH_CALL_DEADLINE_MS),
      }),
    );
  } catch (error) {
    if (!isPublisherError(error) || !error.refused) throw error;
    return afterRefusal(deps, input, containerId, error);
  }
  return record(result);
}

/**
 * The platform refused the publish call before acting (contract invariant 5): nothing went out,
 * so the intent is void now rather than after a reconciliation and a settling wait. A container
 * not ready yet is polled like one check() found processing; a publishing limit is waited out
 * for as long as the platform's quota says.
 */
async function afterRefusal(
  deps: PipelineDeps,
  input: Parameters<typeof publishFrame>[1],
  containerId: string,
  error: PublisherError,
): Promise<StepOutcome> {
  const { loaded, frame, claim } = input;
  await voidIntent(deps, frame, claim);
  if (error.refused === "media_not_ready")
    return {
      kind: "poll",
      delayMs: error.retryAfterMs ?? backoffDelayMs(claim.attemptNumber),
      reason: "container still processing at the publish call",
      wait: "CONTAINER_PROCESSING",
      container: { frameId: frame.id, id: containerId },
    };
  const quotaWait = await publishingQuotaWait(deps, input.publisher, input.account, input.endpoints, loaded, {
    refused: true,
  });
  if (!quotaWait) throw error;
  return {
    kind: "rate",
    delayMs: quotaWait.delayMs,
    reason: "publishing quota used up",
    error,
    wait: "QUOTA",
    detail: quotaWait.detail,
  };
}

/**
 * The publisher's view of a frame: a text frame becomes a text status; the caption goes with the
 * first media frame the channel shows (a text status carries its own text).
 */
function toFrameInput(deps: PipelineDeps, frame: LoadedFrame, loaded: Loaded): FrameInput {
  const asset = frame.media;
  if (!asset) {
    return { kind: "TEXT", text: frame.text ?? "", backgroundColor: frame.backgroundColor ?? undefined };
  }
  const captioned = loaded.frames.find((f) => f.media !== null);
  const stickers = frame.stickers.filter((s) => apiAddsSticker(loaded.channel.platform, s.kind));
  return {
    kind: asset.kind,
    ...(stickers.length > 0 ? { stickers } : {}),
    mediaUrl: deps.mediaUrlFor(asset),
    mimeType: asset.mimeType,
    text:
      captioned?.id === frame.id
        ? (loaded.captionOverride ?? loaded.story.whatsappText ?? undefined)
        : undefined,
  };
}

/** Records the frame's intent (record-intent.ts); false when the story is no longer to go out. */
async function recordIntent(
  deps: PipelineDeps,
  loaded: Loaded,
  frame: LoadedFrame,
  claim: Claim,
  containerId: string,
): Promise<boolean> {
  const now = deps.now();
  const marked = await recordIntents(deps.sql, {
    storyId: loaded.story.id,
    storyVersion: loaded.story.version,
    targetId: loaded.id,
    frameId: frame.id,
    token: claim.token,
    containerId,
    now,
  });
  if (!marked.story) return false;
  if (!marked.frame) throw new LeaseLost();
  frame.publishIntentAt = now;
  frame.externalContainerId = containerId;
  return true;
}

type PublishedResult = { mediaId?: string; postId?: string; permalink?: string };

/**
 * The platform ids this channel's other frames were recorded with, from shortly before `since`
 * on: what a reconciliation must never adopt for this frame (findPublished's `taken`). Only on
 * that path, which is rare: the publish path itself needs no such read. The minute before
 * `since` covers platform timestamps cut to the second and a little clock skew.
 */
async function takenMediaIds(
  deps: PipelineDeps,
  loaded: Loaded,
  frame: LoadedFrame,
  since: Date,
): Promise<ReadonlySet<string>> {
  const rows = await deps.sql.query<{ id: string }>(Prisma.sql`
    SELECT f."externalMediaId" AS id
    FROM "StoryTargetFrame" f JOIN "StoryTarget" t ON t.id = f."targetId"
    WHERE f."publishedAt" >= ${since}::timestamptz - interval '1 minute'
      AND f."externalMediaId" IS NOT NULL AND f.id <> ${frame.id}
      AND t."workspaceId" = ${loaded.workspaceId} AND t."channelId" = ${loaded.channelId}`);
  return new Set(rows.map((row) => row.id));
}

/** The platform's answer is the truth: stored whatever our lease says. */
async function recordPublished(
  deps: PipelineDeps,
  frame: LoadedFrame,
  result: PublishedResult,
): Promise<void> {
  const now = deps.now();
  await deps.sql.execute(Prisma.sql`
    WITH f AS (${publishedFrameUpdate(frame, result, now)})
    UPDATE "StoryTarget" SET permalink = ${result.permalink ?? null}
    WHERE id = (SELECT "targetId" FROM f) AND permalink IS NULL AND ${result.permalink ?? null}::text IS NOT NULL`);
  frame.state = "PUBLISHED";
}

function publishedFrameUpdate(frame: LoadedFrame, result: PublishedResult, now: Date): Prisma.Sql {
  return Prisma.sql`
    UPDATE "StoryTargetFrame"
    SET state = 'PUBLISHED', "externalMediaId" = ${result.mediaId ?? null},
        "externalPostId" = ${result.postId ?? null}, "publishedAt" = ${now}, "updatedAt" = ${now}
    WHERE id = ${frame.id}
    RETURNING "targetId"`;
}

/** A frame's intent that certainly published nothing: the frame may go again. */
async function voidIntent(deps: PipelineDeps, frame: LoadedFrame, claim: Claim): Promise<void> {
  await fenced(deps, frame.id, claim, Prisma.sql`"publishIntentAt" = NULL, state = 'READY'`);
  frame.publishIntentAt = null;
}

/** Writes to a frame of ours, only while we still hold the target's lease. */
async function fenced(deps: PipelineDeps, frameId: string, claim: Claim, set: Prisma.Sql): Promise<void> {
  const updated = await deps.sql.execute(Prisma.sql`
    UPDATE "StoryTargetFrame" f SET ${set}, "updatedAt" = ${deps.now()}
    FROM "StoryTarget" t
    WHERE f.id = ${frameId} AND t.id = f."targetId" AND t."leaseToken" = ${claim.token}`);
  if (updated !== 1) throw new LeaseLost();
}

/**
 * The platform's rolling publishing quota (Instagram's N per 24 h), checked before the platform
 * has to refuse: how long to wait and the platform's numbers, or null when the story fits.
 */
async function publishingQuotaWait(
  deps: PipelineDeps,
  publisher: StoryPublisher,
  account: PublisherAccount,
  endpoints: PublisherEndpoints,
  loaded: Loaded,
  options: { refused?: boolean } = {},
): Promise<{ delayMs: number; detail: string } | null> {
  if (!publisher.publishingQuota) return null;
  const remainingFrames = loaded.frames.filter((f) => f.state !== "PUBLISHED" && !f.publishIntentAt).length;
  // One frame cannot go out half, and the platform refuses it before acting when the quota is
  // used up (afterRefusal asks then): reading the quota before every story would cost a call per
  // story, and Meta counts calls per account. A story of several frames asks first.
  if (remainingFrames === 0 || (remainingFrames === 1 && !options.refused)) return null;
  const quota = await publisher.publishingQuota(account, endpoints);
  // Far from the limit the platform's count decides alone; near it, count our own publishes too,
  // since runs on the same account may be publishing right now and the platform's count can lag.
  if (!options.refused && quota.used + remainingFrames + QUOTA_HEADROOM <= quota.total) return null;
  const windowStart = new Date(deps.now().getTime() - quota.windowMs);
  const ours = await deps.db.storyTargetFrame.findMany({
    where: {
      workspaceId: loaded.workspaceId,
      publishedAt: { gt: windowStart },
      target: { is: { channelId: loaded.channelId } },
    },
    select: { publishedAt: true },
    orderBy: { publishedAt: "asc" },
  });
  // Our own count can be ahead of the platform's (its counter lags); trust the larger.
  const used = Math.max(quota.used, ours.length);
  if (used + remainingFrames <= quota.total) return null;
  // The story fits once this many publishes have left the window: wait for the last of them (of
  // ours; publishes we do not know of may hold it longer, and the next run checks again).
  const mustLeave = used + remainingFrames - quota.total;
  const freeing = ours[Math.min(mustLeave, ours.length) - 1]?.publishedAt;
  const label = PLATFORM_LIMITS[loaded.channel.platform]?.label ?? loaded.channel.platform;
  return {
    delayMs: freeing ? freeing.getTime() + quota.windowMs - deps.now().getTime() + 1_000 : 3_600_000,
    detail: `${label} allows ${quota.total} posts per ${Math.round(quota.windowMs / 3_600_000)} h; ${used} used, this story needs ${remainingFrames} more`,
  };
}

/** Gives the target back until the job runs again, recording why. */
async function release(
  deps: PipelineDeps,
  loaded: Loaded,
  claim: Claim,
  attemptId: string,
  outcome: NonNullable<StepOutcome>,
): Promise<PublishOutcome> {
  if (outcome.kind === "expired")
    return finish(deps, loaded, claim, attemptId, "EXPIRED", {
      message: "The story missed its latest start time and was not published late.",
    });
  if (outcome.kind === "canceled") {
    const anyLive = loaded.frames.some((f) => f.state === "PUBLISHED");
    return finish(deps, loaded, claim, attemptId, anyLive ? "FAILED" : "SKIPPED", {
      message: anyLive ? "Canceled after some frames had gone out." : "Canceled before publishing.",
    });
  }
  const error = outcome.error;
  const retryable = outcome.kind === "retry";
  if (retryable && claim.attemptNumber >= MAX_ATTEMPTS) {
    const unknown = loaded.frames.some((f) => f.publishIntentAt && f.state !== "PUBLISHED");
    return finish(deps, loaded, claim, attemptId, unknown ? "UNCONFIRMED" : "FAILED", {
      errorClass: "RETRYABLE",
      code: error?.platformCode,
      message: unknown
        ? `Could not confirm whether the story went out after ${claim.attemptNumber} attempts. Check the account and resolve it here.`
        : `Gave up after ${claim.attemptNumber} attempts: ${error?.advice ?? outcome.reason}`,
    });
  }
  const nextAttemptAt = new Date(deps.now().getTime() + outcome.delayMs);
  const deadline = loaded.story.freshnessDeadline;
  if (outcome.wait && deadline && nextAttemptAt > deadline && !loaded.frames.some(hasStarted)) {
    return expireForWait(deps, loaded, claim, attemptId, outcome, nextAttemptAt, deadline);
  }
  const errorClass = error ? toErrorClass(error) : outcome.kind === "rate" ? "RATE_LIMITED" : undefined;
  const now = deps.now();
  const lastError = error
    ? Prisma.sql`, "lastErrorClass" = ${toErrorClass(error)}::"ErrorClass",
        "lastErrorCode" = ${error.platformCode ?? null}, "lastErrorMessage" = ${error.advice}`
    : Prisma.empty;
  // A container prepared in this run is kept for the next, but only while the target is ours.
  const container = outcome.container
    ? Prisma.sql`, frame AS (
        UPDATE "StoryTargetFrame"
        SET "externalContainerId" = ${outcome.container.id}, state = 'PREPARING', "updatedAt" = ${now}
        WHERE id = ${outcome.container.frameId} AND EXISTS (SELECT 1 FROM target))`
    : Prisma.empty;
  // One statement: the target waits (its lease given back), the attempt says why.
  await deps.sql.execute(Prisma.sql`
    WITH target AS (
      UPDATE "StoryTarget"
      SET "leaseToken" = NULL, "leaseExpiresAt" = NULL, "nextAttemptAt" = ${nextAttemptAt},
          "waitReason" = ${outcome.wait ?? null}::"WaitReason",
          "waitUntil" = ${outcome.wait ? nextAttemptAt : null}, "waitDetail" = ${outcome.detail ?? null},
          -- Waiting for a container or a rate limit is not a failed attempt.
          "attemptCount" = "attemptCount" - ${outcome.kind === "retry" ? 0 : 1},
          "updatedAt" = ${now} ${lastError}
      WHERE id = ${loaded.id} AND "leaseToken" = ${claim.token}
      RETURNING id
    ) ${container}
    UPDATE "PublishAttempt"
    SET outcome = 'RETRY_SCHEDULED', "errorClass" = ${errorClass ?? null}::"ErrorClass",
        "errorCode" = ${error?.platformCode ?? null}, "errorMessage" = ${error?.advice ?? outcome.reason},
        "finishedAt" = ${now}
    WHERE id = ${attemptId}`);
  observeOutcome(loaded.channel.platform, outcome.kind === "retry" ? "RETRY" : "WAIT", errorClass);
  return { kind: "wait", delayMs: outcome.delayMs, reason: outcome.reason };
}

async function handlePublisherError(
  deps: PipelineDeps,
  loaded: Loaded,
  claim: Claim,
  attemptId: string,
  error: PublisherError,
): Promise<PublishOutcome> {
  switch (error.errorClass) {
    case "retryable":
      if (error.newContainerNeeded) await clearDeadContainer(deps, loaded, claim);
      return release(deps, loaded, claim, attemptId, {
        kind: "retry",
        delayMs: error.retryAfterMs ?? backoffDelayMs(claim.attemptNumber),
        reason: error.advice,
        error,
        wait: "RETRY_BACKOFF",
      });
    case "rate_limited":
      return release(deps, loaded, claim, attemptId, {
        kind: "rate",
        delayMs: error.retryAfterMs ?? 60_000,
        reason: error.advice,
        error,
        wait: "PLATFORM_RATE_LIMIT",
      });
    case "reauth_required": {
      await markNeedsReauth(deps.db, loaded.channel, error.advice);
      return finish(deps, loaded, claim, attemptId, "NEEDS_REAUTH", {
        errorClass: "REAUTH_REQUIRED",
        code: error.platformCode,
        message: error.advice,
        wait: { reason: "CHANNEL_NEEDS_REAUTH", until: null },
      });
    }
    case "invalid_content":
      return finish(deps, loaded, claim, attemptId, "FAILED", {
        errorClass: "INVALID_CONTENT",
        code: error.platformCode,
        message: error.advice,
      });
  }
}

/** Clears our lease if it is still ours; the attempt is not held against the target. */
async function giveBack(deps: PipelineDeps, loaded: Loaded, claim: Claim): Promise<void> {
  await deps.db.storyTarget.updateMany({
    where: { id: loaded.id, leaseToken: claim.token },
    data: { leaseToken: null, leaseExpiresAt: null, attemptCount: { decrement: 1 } },
  });
}

/** Releases a run that failed for reasons of ours; the attempt is not held against the target. */
async function abandon(deps: PipelineDeps, loaded: Loaded, claim: Claim, attemptId: string, error: unknown) {
  await deps.db.storyTarget.updateMany({
    where: { id: loaded.id, leaseToken: claim.token },
    data: {
      leaseToken: null,
      leaseExpiresAt: null,
      nextAttemptAt: new Date(deps.now().getTime() + backoffDelayMs(claim.attemptNumber)),
      attemptCount: { decrement: 1 },
    },
  });
  await closeAttempt(deps, attemptId, "FAILED", {
    message: `StoryRelay could not finish this attempt (${error instanceof Error ? error.message.slice(0, 200) : "unknown error"}); it will try again.`,
  });
}

/** A container the platform says is dead: the next attempt prepares a new one. */
async function clearDeadContainer(deps: PipelineDeps, loaded: Loaded, claim: Claim): Promise<void> {
  const frame = loaded.frames.find((f) => f.state !== "PUBLISHED");
  if (frame && !frame.publishIntentAt)
    await fenced(deps, frame.id, claim, Prisma.sql`"externalContainerId" = NULL, state = 'PENDING'`);
}

/** A frame that has reached the platform: its target reconciles rather than expires. */
function hasStarted(frame: LoadedFrame): boolean {
  return frame.publishIntentAt !== null || frame.state === "PUBLISHED";
}

/**
 * A wait that cannot end before the story's latest start: the target expires now, with the wait
 * recorded, and the author hears about it now rather than when the sweep finds it stale.
 */
async function expireForWait(
  deps: PipelineDeps,
  loaded: Loaded,
  claim: Claim,
  attemptId: string,
  outcome: Extract<NonNullable<StepOutcome>, { delayMs: number }>,
  until: Date,
  deadline: Date,
): Promise<PublishOutcome> {
  const reason = outcome.wait as WaitReason;
  const zone = await storyZone(deps, loaded);
  const name = loaded.channel.displayName;
  const message = `Not published on ${name}: it would wait for ${waitingFor(reason, name)} until ${formatNamedInstant(until, zone)}${outcome.detail ? ` (${outcome.detail})` : ""}, after the story's latest start (${formatNamedInstant(deadline, zone)}), and a stale story is never published late. Publish it again later or leave ${name} out.`;
  const ended = await finish(deps, loaded, claim, attemptId, "EXPIRED", {
    errorClass:
      outcome.kind === "rate" ? "RATE_LIMITED" : outcome.error ? toErrorClass(outcome.error) : undefined,
    code: outcome.error?.platformCode,
    message,
    wait: { reason, until, detail: outcome.detail },
  });
  await tellTeamAboutExpiry(deps.db, loaded.story, 1, {
    title: `Not published on ${name}: ${loaded.story.title || "a story"} cannot go out before its latest start`,
    body: message,
  });
  return ended;
}

async function storyZone(deps: PipelineDeps, loaded: Loaded): Promise<string> {
  const story = await deps.db.story.findUnique({
    where: { id: loaded.story.id },
    select: { timeZone: true, brand: { select: { timeZone: true } } },
  });
  return story?.timeZone ?? story?.brand.timeZone ?? "UTC";
}

async function holdForReauth(deps: PipelineDeps, loaded: { id: string }): Promise<void> {
  await deps.db.storyTarget.updateMany({
    where: { id: loaded.id, state: { in: ["PENDING", "PREPARING", "READY"] } },
    data: {
      state: "NEEDS_REAUTH",
      leaseToken: null,
      leaseExpiresAt: null,
      waitReason: "CHANNEL_NEEDS_REAUTH",
      waitUntil: null,
      waitDetail: null,
    },
  });
}

type Failure = {
  errorClass?: ErrorClass;
  code?: string;
  message: string;
  /** The wait the target is left in (NEEDS_REAUTH) or expired because of; none otherwise. */
  wait?: { reason: WaitReason; until: Date | null; detail?: string };
};

/**
 * Ends the run in `state` and closes the attempt, with the last frame's platform answer when the
 * run ends by publishing it, rolling the story up if this was its last open target: one
 * transaction, shared with the ends the process makes at the same moment (end-run.ts).
 */
async function finish(
  deps: PipelineDeps,
  loaded: Loaded,
  claim: Claim,
  attemptId: string,
  state: TargetState,
  failure: Failure | null,
  published?: { frame: LoadedFrame; result: PublishedResult },
): Promise<PublishOutcome> {
  await endRun(deps.sql, {
    story: loaded.story,
    targetId: loaded.id,
    token: claim.token,
    attemptId,
    state,
    outcome: state === "PUBLISHED" ? "SUCCEEDED" : state === "UNCONFIRMED" ? "UNCONFIRMED" : "FAILED",
    now: deps.now(),
    failure: failure && {
      errorClass: failure.errorClass ?? null,
      code: failure.code ?? null,
      message: failure.message,
    },
    wait: failure?.wait ? { ...failure.wait, detail: failure.wait.detail ?? null } : null,
    published: published
      ? {
          frameId: published.frame.id,
          mediaId: published.result.mediaId ?? null,
          postId: published.result.postId ?? null,
          permalink: published.result.permalink ?? null,
        }
      : null,
  });
  if (published) published.frame.state = "PUBLISHED";
  observeOutcome(loaded.channel.platform, state, failure?.errorClass);
  return { kind: "ended", state };
}

async function closeAttempt(
  deps: PipelineDeps,
  attemptId: string,
  outcome: "RETRY_SCHEDULED" | "FAILED",
  failure: Partial<Failure>,
): Promise<void> {
  await deps.db.publishAttempt.update({
    where: { id: attemptId },
    data: {
      outcome,
      errorClass: failure.errorClass ?? null,
      errorCode: failure.code ?? null,
      errorMessage: failure.message ?? null,
      finishedAt: deps.now(),
    },
  });
}

function toErrorClass(error: PublisherError): ErrorClass {
  return error.errorClass.toUpperCase() as ErrorClass;
}
