import { z } from "zod";
import type { InsightNumbers } from "@/lib/core/insights";
import type { Db } from "@/lib/db/client";
import type { Logger } from "@/lib/logger";
import { recordInsightSnapshot } from "./record-insight-snapshot";
import { checkWebhookSignature, type WebhookSecret } from "./webhook-signature";
import { noteWebhookEvent } from "./webhook-status";

export type InsightsWebhookDeps = {
  db: Db;
  logger: Logger;
  /** Every app secret a delivery may be signed with (META_APP_SECRET, INSTAGRAM_APP_SECRET, the sandbox's). */
  secrets: readonly WebhookSecret[];
  now: () => Date;
};

export type InsightsWebhookOutcome =
  | { kind: "refused"; reason: "unsigned" | "malformed_signature" | "bad_signature" }
  | { kind: "malformed"; detail: string }
  | {
      kind: "accepted";
      /** Signed with the simulators' public secret: what it carries may reach sandbox channels only. */
      sandbox: boolean;
      /** Final readings stored now. */
      stored: number;
      /** Readings of frames that had them already (a replayed or retried delivery). */
      known: number;
      /** story_insights changes naming media StoryRelay did not publish (or not on that account). */
      unknown: number;
      /** Changes of other fields or objects, acknowledged and left alone. */
      ignored: number;
    };

// A count Meta withholds because it is under 5 comes as -1 (Instagram webhooks, "Limitations").
const count = z.number().int().min(-1);
const id = z.union([z.string().regex(/^\d{1,30}$/), z.number().int().nonnegative()]).transform(String);

/**
 * The value of a `story_insights` change. The documented fields are media_id, reach, replies,
 * taps_forward, taps_back, exits (and impressions, deprecated since 2025-04-21 and not kept: it is
 * simply not read). The others are the current insights API's names, read if Meta ever sends
 * them (unsure: not documented for the webhook). Unknown fields are dropped, viewer identities
 * included, should one ever appear.
 */
const storyInsightsValue = z.object({
  media_id: id,
  reach: count.optional(),
  replies: count.optional(),
  taps_forward: count.optional(),
  taps_back: count.optional(),
  exits: count.optional(),
  views: count.optional(),
  shares: count.optional(),
  follows: count.optional(),
  profile_visits: count.optional(),
  total_interactions: count.optional(),
  navigation: count.optional(),
  swipe_forward: count.optional(),
});
type StoryInsightsValue = z.infer<typeof storyInsightsValue>;

const NAMES: ReadonlyArray<readonly [Exclude<keyof StoryInsightsValue, "media_id">, keyof InsightNumbers]> = [
  ["reach", "reach"],
  ["replies", "replies"],
  ["taps_forward", "tapForward"],
  ["taps_back", "tapBack"],
  ["exits", "tapExit"],
  ["views", "views"],
  ["shares", "shares"],
  ["follows", "follows"],
  ["profile_visits", "profileVisits"],
  ["total_interactions", "totalInteractions"],
  ["navigation", "navigation"],
  ["swipe_forward", "swipeForward"],
];

/** Meta's envelope: one entry per account, each with the changes of one or more fields. */
const deliverySchema = z.object({
  object: z.string().min(1),
  entry: z
    .array(
      z.object({
        id,
        /** When Meta sent it: Unix seconds (milliseconds also read, should a sender use them). */
        time: z.number().int().positive(),
        changes: z.array(z.object({ field: z.string(), value: z.unknown() })).default([]),
      }),
    )
    .max(1000),
});

const entryTime = (time: number) => new Date(time < 1e12 ? time * 1000 : time);

/**
 * One delivery to Meta's webhook: checks its signature over the raw bytes, then stores each
 * `story_insights` change as the FINAL, WEBHOOK reading of the published frame it names, found by
 * the Instagram account (the entry's id, a channel's externalAccountId) and the media id together.
 * A frame on a sandbox channel only takes a delivery signed with the sandbox secret, a real one
 * only a real app's. Media StoryRelay does not know is acknowledged and logged: Meta retries
 * anything but a 2xx for hours, and no retry would change the answer. A replay stores nothing new
 * (one snapshot per frame, slot and source) and is acknowledged the same way.
 */
export async function receiveInsightsWebhook(
  deps: InsightsWebhookDeps,
  input: { rawBody: Buffer; signature: string | null },
): Promise<InsightsWebhookOutcome> {
  const signature = checkWebhookSignature(input.rawBody, input.signature, deps.secrets);
  if (!signature.ok) {
    // The body is not logged: unverified, it is anyone's text.
    deps.logger.warn({ reason: signature.reason, bytes: input.rawBody.length }, "webhook delivery refused");
    await noteWebhookEvent(deps, { kind: "refused", at: deps.now(), reason: REFUSALS[signature.reason] });
    return { kind: "refused", reason: signature.reason };
  }

  const delivery = parseDelivery(input.rawBody);
  if (!delivery.ok) {
    deps.logger.warn({ detail: delivery.detail }, "webhook delivery malformed");
    await noteWebhookEvent(deps, {
      kind: "refused",
      at: deps.now(),
      reason: `A signed delivery was not Meta's webhook format: ${delivery.detail}`,
    });
    return { kind: "malformed", detail: delivery.detail };
  }

  const outcome = {
    kind: "accepted" as const,
    sandbox: signature.sandbox,
    stored: 0,
    known: 0,
    unknown: 0,
    ignored: 0,
  };
  for (const entry of delivery.value.entry) {
    for (const change of entry.changes) {
      if (delivery.value.object !== "instagram" || change.field !== "story_insights") {
        outcome.ignored += 1;
        continue;
      }
      const value = storyInsightsValue.parse(change.value);
      const frames = await deps.db.storyTargetFrame.findMany({
        where: {
          externalMediaId: value.media_id,
          publishedAt: { not: null },
          target: { channel: { externalAccountId: entry.id, sandbox: signature.sandbox } },
        },
        select: { id: true, workspaceId: true },
      });
      if (frames.length === 0) {
        outcome.unknown += 1;
        deps.logger.info(
          { accountId: entry.id, mediaId: value.media_id, sandbox: signature.sandbox },
          "story insights for media StoryRelay did not publish on that account: acknowledged, not stored",
        );
        continue;
      }
      const reading = readingOf(value);
      for (const frame of frames) {
        const { recorded } = await recordInsightSnapshot(deps, {
          workspaceId: frame.workspaceId,
          targetFrameId: frame.id,
          slot: "FINAL",
          source: "WEBHOOK",
          capturedAt: entryTime(entry.time),
          ...reading,
        });
        if (recorded) outcome.stored += 1;
        else outcome.known += 1;
      }
    }
  }
  deps.logger.info(outcome, "webhook delivery received");
  await noteWebhookEvent(deps, { kind: "delivered", at: deps.now(), stored: outcome.stored });
  return outcome;
}

/** Why a delivery was refused, in an operator's words (the setup doctor shows it). */
export const REFUSALS: Record<"unsigned" | "malformed_signature" | "bad_signature", string> = {
  unsigned: "A delivery came without an X-Hub-Signature-256 header.",
  malformed_signature: 'A delivery\'s X-Hub-Signature-256 was not "sha256=" and 64 hex digits.',
  bad_signature:
    "A delivery's X-Hub-Signature-256 matched none of the app secrets set here (META_APP_SECRET, INSTAGRAM_APP_SECRET).",
};

function parseDelivery(
  raw: Buffer,
): { ok: true; value: z.infer<typeof deliverySchema> } | { ok: false; detail: string } {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString("utf8"));
  } catch {
    return { ok: false, detail: "the body is not JSON." };
  }
  const parsed = deliverySchema.safeParse(body);
  if (!parsed.success) return { ok: false, detail: firstIssue(parsed.error) };
  // Every story_insights value is checked before anything is stored, so a bad one stores nothing.
  for (const [e, entry] of parsed.data.entry.entries()) {
    for (const [c, change] of entry.changes.entries()) {
      if (change.field !== "story_insights") continue;
      const value = storyInsightsValue.safeParse(change.value);
      if (!value.success)
        return { ok: false, detail: firstIssue(value.error, `entry.${e}.changes.${c}.value`) };
    }
  }
  return { ok: true, value: parsed.data };
}

function firstIssue(error: z.ZodError, prefix?: string): string {
  const issue = error.issues[0];
  const path = [prefix, ...(issue?.path ?? []).map(String)].filter(Boolean).join(".");
  return `${path || "body"}: ${issue?.message ?? "invalid"}.`;
}

/**
 * Our reading of a delivered value. A withheld count (-1) is absent, never 0; a withheld reach
 * means fewer than 5 accounts saw the story, which is what the insights API's error 10 says, so
 * the reading is "too few viewers" like a poll's.
 */
function readingOf(
  value: StoryInsightsValue,
): Pick<Parameters<typeof recordInsightSnapshot>[1], "outcome" | "numbers"> {
  if (value.reach === -1) return { outcome: "TOO_FEW_VIEWERS", numbers: {} };
  const numbers: InsightNumbers = {};
  for (const [theirs, ours] of NAMES) {
    const n = value[theirs];
    if (n !== undefined && n >= 0) numbers[ours] = n;
  }
  return { outcome: "OK", numbers };
}
