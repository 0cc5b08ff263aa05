import { randomUUID } from "node:crypto";
import type { StoredSticker } from "@/lib/core/stickers";
import { CLAIMABLE_TARGET_STATES } from "@/lib/core/story-status";
import type { Sealed } from "@/lib/crypto/secret-box";
import type { Sql } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import type { MediaKind, Platform, TargetState } from "@/lib/db/generated/enums";
import { statementBatcherPer } from "@/lib/db/statement-batcher";
import type { StatusAudience } from "@/lib/publishers/contract";
import type { PublishJob } from "@/lib/queue/queues";
import { MAX_HOLD_MS } from "./timing";

export type Claim = {
  token: string;
  attemptNumber: number;
  attemptId: string;
  claimedAt: Date;
  /** How long the lease lasts from the claim, by the claimer's clock: longer for an early claim. */
  leaseMs: number;
};

export type ClaimedFrame = {
  id: string;
  targetId: string;
  position: number;
  state: TargetState;
  externalContainerId: string | null;
  publishIntentAt: Date | null;
  createdAt: Date;
  /** Null for a text frame (a WhatsApp text status), which has `text` instead. */
  media: { kind: MediaKind; mimeType: string; storageKey: string } | null;
  text: string | null;
  /** A text frame's "#RRGGBB" background. */
  backgroundColor: string | null;
  /** The planned stickers (StoryFrame.stickers, as stored: checked on the way in). */
  stickers: StoredSticker[];
};

/** A target with everything one publish run needs, as read in the same statement that claimed it. */
export type ClaimedTarget = {
  id: string;
  workspaceId: string;
  storyId: string;
  channelId: string;
  /** This channel's own WhatsApp caption, replacing the story's. */
  captionOverride: string | null;
  story: {
    id: string;
    workspaceId: string;
    title: string;
    version: number;
    scheduledAt: Date | null;
    freshnessDeadline: Date | null;
    whatsappText: string | null;
  };
  channel: {
    id: string;
    workspaceId: string;
    brandId: string;
    platform: Platform;
    sandbox: boolean;
    config: unknown;
    externalAccountId: string;
    displayName: string;
  };
  /** The channel's sealed credentials; null when none are stored (a broken connection). */
  credential: Sealed | null;
  /**
   * The audience chosen for this target (docs/decisions/033-status-audience.md); null is everyone.
   * The contact ids were copied when it was chosen, so a list edited since changes nothing here.
   */
  audience: StatusAudience | null;
  frames: ClaimedFrame[];
};

type ClaimRow = Omit<ClaimedTarget, "frames" | "credential"> & {
  attemptCount: number;
  leaseExpiresAt: Date;
  credential: { keyId: string; iv: string; authTag: string; ciphertext: string } | null;
  frames: (Omit<ClaimedFrame, "publishIntentAt" | "createdAt"> & {
    publishIntentAt: string | null;
    createdAt: string;
  })[];
};

type ClaimRequest = { job: PublishJob; now: Date; leaseMs: number };
type ClaimResult = { target: ClaimedTarget; claim: Claim } | null;

/**
 * Claims a target for one worker and loads it, in one statement: only a claimable target whose
 * lease is free or expired, of a story still PUBLISHING at the job's version, on a channel that
 * does not need reconnecting, can be taken, so when two workers hold the same job one of them
 * loses here. The same statement opens the run's PublishAttempt. The returned token fences every
 * later write (they all require leaseToken = token): a worker that stalled past its lease cannot
 * overwrite the work of the one that took over.
 *
 * One round trip instead of a dozen matters: under a burst, database round trips are most of a
 * publish's cost. So does one statement for many claims: the claims a process makes while one is
 * on its way go out together (statementBatcher), each with its own token, clock and lease, and
 * each decided as if alone. Null means "not claimed"; the caller finds out why on the slow path.
 *
 * The lease lasts `leaseMs` from now, or from the story's instant when the run will hold the
 * target until then (publish-target.ts): a lease that covers the hold needs no renewal during it,
 * and a worker that dies while holding frees its targets `leaseMs` after the instant, as if it
 * had died at the instant.
 */
export function claimAndLoad(sql: Sql, job: PublishJob, now: Date, leaseMs: number): Promise<ClaimResult> {
  return claimBatched(sql, { job, now, leaseMs });
}

async function claimMany(sql: Sql, requests: ClaimRequest[]): Promise<ClaimResult[]> {
  const claims = requests.map((request) => ({
    ...request,
    token: randomUUID(),
    attemptId: randomUUID(),
    // A run holds its target at most MAX_HOLD_MS; one claimed further ahead gives it back at once.
    holdLimit: new Date(request.now.getTime() + MAX_HOLD_MS),
  }));
  const claimable = [...CLAIMABLE_TARGET_STATES];
  // Sent in id order (byTargetId). Should two statements still deadlock, Postgres ends one and
  // statementBatcher runs its claims alone.
  const ordered = byTargetId(claims.map((c) => ({ ...c, targetId: c.job.targetId })));
  const rows = await sql.query<ClaimRow & { token: string }>(Prisma.sql`
    WITH req AS (
      SELECT * FROM unnest(
        ${ordered.map((c) => c.job.targetId)}::text[], ${ordered.map((c) => c.job.workspaceId)}::text[],
        ${ordered.map((c) => c.job.storyVersion)}::int[], ${ordered.map((c) => c.token)}::text[],
        ${ordered.map((c) => c.attemptId)}::text[], ${ordered.map((c) => c.now)}::timestamptz[],
        ${ordered.map((c) => c.holdLimit)}::timestamptz[], ${ordered.map((c) => c.leaseMs)}::int[]
      ) AS r(id, "workspaceId", version, token, "attemptId", now, "holdLimit", "leaseMs")
    ), claimed AS (
      UPDATE "StoryTarget" t
      SET "leaseToken" = r.token,
          "leaseExpiresAt" = GREATEST(r.now, LEAST(s."scheduledAt", r."holdLimit")) + r."leaseMs" * interval '1 millisecond',
          "attemptCount" = t."attemptCount" + 1, "updatedAt" = r.now
      FROM req r, "Story" s, "Channel" c
      WHERE t.id = r.id AND t."workspaceId" = r."workspaceId"
        AND t.state::text = ANY(${claimable})
        AND (t."leaseExpiresAt" IS NULL OR t."leaseExpiresAt" < r.now)
        -- status as text: compared that way, the status index cannot be chosen for the join. With
        -- statistics from before a burst (few PUBLISHING stories) the planner otherwise walked
        -- every PUBLISHING story for each claim instead of looking the one up by id.
        AND s.id = t."storyId" AND s.status::text = 'PUBLISHING' AND s.version = r.version
        AND c.id = t."channelId" AND c.status <> 'NEEDS_REAUTH'
        -- Nothing goes out for a brand or workspace waiting for deletion (decision 035).
        AND NOT EXISTS (SELECT 1 FROM "Brand" b WHERE b.id = s."brandId" AND b."deletionScheduledAt" IS NOT NULL)
        AND NOT EXISTS (SELECT 1 FROM "Workspace" w WHERE w.id = s."workspaceId" AND w."deletionScheduledAt" IS NOT NULL)
      RETURNING t.id, t."workspaceId", t."storyId", t."channelId", t."captionOverride", t."attemptCount",
      t."leaseExpiresAt", t."leaseToken" AS token
    ), attempt AS (
      INSERT INTO "PublishAttempt" (id, "workspaceId", "targetId", "attemptNumber", outcome, detail, "startedAt")
      -- Numbered by the target's log, not by attemptCount: that counts only failed tries (a wait
      -- for a container or a limit gives its count back, a manual retry resets it), so the log
      -- would read "Attempt 1" again and again. The lease makes this run the only writer here.
      -- The highest number, not a count: retention deletes a finished target's older attempts
      -- but keeps its last one (decision 040), so a retry after it still comes next in line.
      SELECT r."attemptId", claimed."workspaceId", claimed.id,
        (SELECT COALESCE(max(pa."attemptNumber"), 0) + 1 FROM "PublishAttempt" pa
          WHERE pa."workspaceId" = claimed."workspaceId" AND pa."targetId" = claimed.id),
        'IN_PROGRESS'::"AttemptOutcome", '{}'::jsonb, r.now
      FROM claimed JOIN req r ON r.token = claimed.token
    )
    SELECT cl.id, cl."workspaceId", cl."storyId", cl."channelId", cl."captionOverride", cl."attemptCount",
      cl."leaseExpiresAt", cl.token,
      json_build_object(
        'id', s.id, 'workspaceId', s."workspaceId", 'title', s.title, 'version', s.version,
        'scheduledAt', s."scheduledAt", 'freshnessDeadline', s."freshnessDeadline",
        'whatsappText', s."whatsappText") AS story,
      json_build_object(
        'id', c.id, 'workspaceId', c."workspaceId", 'brandId', c."brandId", 'platform', c.platform,
        'sandbox', c.sandbox, 'config', c.config, 'externalAccountId', c."externalAccountId",
        'displayName', c."displayName") AS channel,
      (SELECT json_build_object('keyId', cr."keyId", 'iv', encode(cr.iv, 'base64'),
          'authTag', encode(cr."authTag", 'base64'), 'ciphertext', encode(cr.ciphertext, 'base64'))
        FROM "ChannelCredential" cr WHERE cr."channelId" = c.id) AS credential,
      (SELECT json_build_object('mode', ta.mode, 'contactIds', ta."contactIds")
        FROM "TargetAudience" ta WHERE ta."targetId" = cl.id AND ta."workspaceId" = cl."workspaceId") AS audience,
      COALESCE((SELECT json_agg(json_build_object(
          'id', f.id, 'targetId', f."targetId", 'position', f.position, 'state', f.state,
          'externalContainerId', f."externalContainerId", 'publishIntentAt', f."publishIntentAt",
          'createdAt', f."createdAt",
          'media', CASE WHEN m.id IS NULL THEN NULL ELSE
            json_build_object('kind', m.kind, 'mimeType', m."mimeType", 'storageKey', m."storageKey") END,
          'text', sf.text, 'backgroundColor', sf."backgroundColor", 'stickers', sf.stickers
        ) ORDER BY f.position)
        FROM "StoryTargetFrame" f
        JOIN "StoryFrame" sf ON sf.id = f."frameId"
        LEFT JOIN "MediaAsset" m ON m.id = sf."mediaAssetId"
        WHERE f."targetId" = cl.id), '[]') AS frames
    FROM claimed cl
    JOIN "Story" s ON s.id = cl."storyId"
    JOIN "Channel" c ON c.id = cl."channelId"`);
  const byToken = new Map(rows.map(({ token, ...row }) => [token, row]));
  return claims.map((c) => {
    const row = byToken.get(c.token);
    return row ? loadedClaim(row, c) : null;
  });
}

/** A batch's claims are made and loaded in one statement; more would hold its row locks longer. */
const claimBatched = statementBatcherPer(claimMany, {
  key: (request: ClaimRequest) => request.job.targetId,
  maxBatch: 50,
});

function loadedClaim(
  row: ClaimRow,
  request: { token: string; attemptId: string; now: Date },
): NonNullable<ClaimResult> {
  const { attemptCount, credential, frames, leaseExpiresAt, ...target } = row;
  return {
    claim: {
      token: request.token,
      attemptNumber: attemptCount,
      attemptId: request.attemptId,
      claimedAt: request.now,
      leaseMs: new Date(leaseExpiresAt).getTime() - request.now.getTime(),
    },
    target: {
      ...target,
      story: {
        ...target.story,
        scheduledAt: toDate(target.story.scheduledAt),
        freshnessDeadline: toDate(target.story.freshnessDeadline),
      },
      credential: credential && {
        keyId: credential.keyId,
        iv: fromBase64(credential.iv),
        authTag: fromBase64(credential.authTag),
        ciphertext: fromBase64(credential.ciphertext),
      },
      frames: frames.map((frame) => ({
        ...frame,
        publishIntentAt: toDate(frame.publishIntentAt),
        createdAt: new Date(frame.createdAt),
      })),
    },
  };
}

// json_build_object renders timestamps as ISO strings; the row type says what they become.
function toDate(value: Date | string | null): Date | null {
  return value === null ? null : new Date(value);
}

function fromBase64(value: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(Buffer.from(value, "base64"));
}

/**
 * Extends leases of this process (the heartbeat, lease-heartbeat.ts), each `leaseMs` of its own
 * from `now`, in one statement; returns the ids renewed. A lease missing from the answer was
 * taken meanwhile: fenced like every other write, only the holder of the token moves its expiry.
 * In id order, as the batched claims, intents and ends take the same rows (byTargetId).
 */
export async function renewLeases(
  sql: Sql,
  held: readonly { targetId: string; token: string; leaseMs: number }[],
  now: Date,
): Promise<Set<string>> {
  const leases = byTargetId(held);
  const rows = await sql.query<{ id: string }>(Prisma.sql`
    UPDATE "StoryTarget" t
    SET "leaseExpiresAt" = ${now}::timestamptz + l.ms * interval '1 millisecond'
    FROM unnest(${leases.map((l) => l.targetId)}::text[], ${leases.map((l) => l.token)}::text[],
                ${leases.map((l) => l.leaseMs)}::int[]) AS l(id, token, ms)
    WHERE t.id = l.id AND t."leaseToken" = l.token
    RETURNING t.id`);
  return new Set(rows.map((row) => row.id));
}

/**
 * Statements that write several targets' rows send them in id order, which the nested loop
 * Postgres plans over a few rows locks them in: the batched claims, intents and ends and the lease
 * renewals of a process, which name the same rows, then take them in the same order and do not
 * wait for each other in a cycle (a deadlock, which Postgres ends after a second).
 */
export function byTargetId<T extends { targetId: string }>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => (a.targetId < b.targetId ? -1 : a.targetId > b.targetId ? 1 : 0));
}
