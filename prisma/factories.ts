import { createHash, randomUUID } from "node:crypto";
import { newApiKeySecret } from "@/lib/api-keys/create-api-key";
import { createSandboxChannel } from "@/lib/channels/create-sandbox-channel";
import { INSIGHT_SLOTS, slotDueAt } from "@/lib/core/insights";
import { platformDescriptor } from "@/lib/core/platforms/registry";
import { wallClockToInstant } from "@/lib/core/wall-clock";
import { type SecretBox, secretBoxFromEnv } from "@/lib/crypto/secret-box";
import type { Db, DbOrTx } from "@/lib/db/client";
import type { ApprovalPolicy, Platform, Role } from "@/lib/db/generated/enums";
import { env } from "@/lib/env";
import { recordInsightSnapshot } from "@/lib/insights/record-insight-snapshot";
import { createLogger } from "@/lib/logger";
import { setMembershipBrands } from "@/lib/members/set-membership-brands";
import type { PublishQueues } from "@/lib/queue/publish-queues";
import { scheduleStory } from "@/lib/stories/schedule-story";
import { hashPassword } from "@/lib/users/hash-password";
import type { WorkspaceContext } from "@/lib/workspaces/context";
import { resolveWorkspaceContext } from "@/lib/workspaces/resolve-workspace-context";
import { jpeg } from "@/test/media/media-fixtures";

/**
 * Builders shared by the demo seed, integration tests and end-to-end tests. Each call makes
 * rows with unique names, so tests running side by side never see each other's data.
 */

export const FACTORY_PASSWORD = "correct horse battery staple";

const unique = () => randomUUID().slice(0, 8);

export async function makeUser(db: Db, overrides: { email?: string; name?: string; password?: string } = {}) {
  const id = unique();
  return db.user.create({
    data: {
      email: (overrides.email ?? `user-${id}@example.test`).toLowerCase(),
      name: overrides.name ?? `User ${id}`,
      passwordHash: await hashPassword(overrides.password ?? FACTORY_PASSWORD),
    },
  });
}

/** A workspace with an OWNER (created unless given) and that owner's context. */
export async function makeWorkspace(
  db: Db,
  overrides: { name?: string; slug?: string; ownerId?: string } = {},
) {
  const id = unique();
  const ownerId = overrides.ownerId ?? (await makeUser(db)).id;
  const workspace = await db.workspace.create({
    data: {
      name: overrides.name ?? `Workspace ${id}`,
      slug: overrides.slug ?? `ws-${id}`,
      memberships: { create: { userId: ownerId, role: "OWNER" } },
    },
  });
  return { workspace, ownerId, ctx: await resolveWorkspaceContext(db, ownerId, workspace.slug) };
}

/** Adds a member with `role` (optionally limited to some brands) and returns their context. */
export async function makeMember(
  db: Db,
  workspace: { id: string; slug: string },
  role: Role,
  options: { brandIds?: string[]; userId?: string } = {},
): Promise<WorkspaceContext> {
  const userId = options.userId ?? (await makeUser(db)).id;
  const membership = await db.membership.create({ data: { workspaceId: workspace.id, userId, role } });
  await setMembershipBrands(db, membership, options.brandIds ?? []);
  return resolveWorkspaceContext(db, userId, workspace.slug);
}

export async function makeBrand(
  db: Db,
  workspaceId: string,
  overrides: { name?: string; timeZone?: string; approvalPolicy?: ApprovalPolicy } = {},
) {
  return db.brand.create({
    data: {
      workspaceId,
      name: overrides.name ?? `Brand ${unique()}`,
      timeZone: overrides.timeZone ?? "Europe/Berlin",
      approvalPolicy: overrides.approvalPolicy ?? "NONE",
    },
  });
}

/**
 * A team member's approval of a story's current version, written as a row: the team's half of a
 * TEAM_AND_CLIENT review, leaving the story IN_REVIEW for the client's half.
 */
export async function makeTeamApproval(
  db: Db,
  story: { id: string; workspaceId: string; version: number },
  reviewerId: string,
) {
  return db.approval.create({
    data: {
      workspaceId: story.workspaceId,
      storyId: story.id,
      storyVersion: story.version,
      reviewerId,
      decision: "APPROVED",
    },
  });
}

/**
 * A client review link on a brand, valid for a week: the row client decisions and comments point
 * at. Its URL token comes from lib/review-links/review-token.ts; tests that open the page make the
 * link through createReviewLink instead.
 */
export async function makeReviewLink(db: DbOrTx, brand: { id: string; workspaceId: string }) {
  return db.reviewLink.create({
    data: {
      workspaceId: brand.workspaceId,
      brandId: brand.id,
      label: "Client review",
      expiresAt: new Date(Date.now() + 7 * 24 * 3600_000),
    },
  });
}

/** One sandbox channel per platform for a brand. */
export async function makeSandboxChannels(
  db: DbOrTx,
  box: SecretBox,
  brand: { id: string; workspaceId: string; name: string },
  platforms: Platform[] = ["INSTAGRAM", "FACEBOOK", "WHATSAPP"],
) {
  const channels = [];
  for (const platform of platforms) {
    channels.push(
      await createSandboxChannel(db, box, {
        workspaceId: brand.workspaceId,
        brandId: brand.id,
        platform,
        brandName: brand.name,
      }),
    );
  }
  return channels;
}

/**
 * A READY media asset row for bytes that a test serves itself (the pipeline is handed a URL
 * resolver), so pipeline tests need no upload path.
 */
export async function makeMediaAsset(
  db: Db,
  workspaceId: string,
  input: {
    kind: "IMAGE" | "VIDEO";
    bytes: Buffer;
    mimeType: string;
    width?: number;
    height?: number;
    durationMs?: number;
  },
) {
  const id = unique();
  return db.mediaAsset.create({
    data: {
      workspaceId,
      kind: input.kind,
      status: "READY",
      mimeType: input.mimeType,
      originalName: `fixture-${id}`,
      sizeBytes: input.bytes.length,
      width: input.width ?? 1080,
      height: input.height ?? 1920,
      durationMs: input.durationMs ?? null,
      checksum: createHash("sha256").update(input.bytes).digest("hex"),
      storageKey: `${workspaceId}/${id}.${input.kind === "IMAGE" ? "jpg" : "mp4"}`,
    },
  });
}

/**
 * A story scheduled "now" with `frameCount` JPEG frames on a new brand's sandbox channels of the
 * given platforms. Whether it publishes depends on whether a worker consumes `queues`.
 */
export async function makeScheduledStory(
  db: Db,
  queues: PublishQueues,
  ctx: WorkspaceContext,
  options: { platforms?: Platform[]; frameCount?: number } = {},
) {
  const brand = await makeBrand(db, ctx.workspaceId);
  const channels = await makeSandboxChannels(db, secretBoxFromEnv(env()), brand, options.platforms);
  const frames = await Promise.all(
    Array.from({ length: options.frameCount ?? 1 }, () =>
      makeMediaAsset(db, ctx.workspaceId, {
        kind: "IMAGE",
        bytes: jpeg({ seed: Math.floor(Math.random() * 1e9) }),
        mimeType: "image/jpeg",
      }),
    ),
  );
  const story = await scheduleStory({ db, queues, logger: createLogger("factory", "silent") }, ctx, {
    brandId: brand.id,
    channelIds: channels.map((c) => c.id),
    frames: frames.map((f) => f.id),
    when: { now: true },
  });
  return { brand, channels, frames, story };
}

/** An API key of the workspace with `role`; returns the key itself, as it is shown once. */
export async function makeApiKey(db: Db, workspaceId: string, role: Role = "OWNER") {
  const { key, prefix, keyHash } = newApiKeySecret();
  const row = await db.apiKey.create({
    data: { workspaceId, name: `Key ${unique()}`, role, prefix, keyHash },
  });
  return { ...row, key };
}

/** One published story of an insight history (see makeInsightHistory). */
export type InsightStorySpec = {
  publishedAt: Date;
  title?: string;
  /** Frames, each an image unless `video` lists its position. Default 1. */
  frames?: number;
  video?: number[];
  /** People the first frame reaches by its final reading. */
  reach: number;
  /** The share of a frame's viewers who see the next one (0–1). Default 0.8. */
  retention?: number;
  /** Every reading says "too few viewers" (Instagram's error 10), as under 5 viewers. */
  tooFewViewers?: boolean;
};

/** How far each reading has grown towards the final numbers (views come early in a story's day). */
const SLOT_GROWTH = { H1: 0.35, H6: 0.7, H12: 0.85, H20: 0.95, FINAL: 1 } as const;

/** A small deterministic random source (mulberry32), so a seeded history is the same every time. */
function seededRandom(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * `count` stories spread over the `days` before `now` at a brand's usual hours, whose reach
 * depends on the hour in `timeZone` (evenings best, early mornings worst) with some noise: a
 * history in which the heatmap has something to find. Deterministic for a seed.
 */
export function insightStorySpecs(options: {
  count: number;
  days: number;
  now: Date;
  timeZone: string;
  seed?: number;
}): InsightStorySpec[] {
  const random = seededRandom(options.seed ?? 14);
  // Mostly two habitual hours, as a real brand posts, so cells fill up (the heatmap needs 3 a cell).
  const hours = [9, 9, 9, 12, 19, 19, 19, 19];
  const appeal: Record<number, number> = { 9: 0.7, 12: 1, 19: 1.4 };
  const specs: InsightStorySpec[] = [];
  for (let i = 0; i < options.count; i++) {
    const hour = hours[Math.floor(random() * hours.length)] ?? 12;
    const daysAgo = 1 + Math.floor((i * options.days) / options.count);
    const day = new Date(options.now.getTime() - daysAgo * 86_400_000);
    const [date] = day.toISOString().split("T");
    const [year, month, dayOfMonth] = (date ?? "").split("-").map(Number) as [number, number, number];
    const publishedAt = wallClockToInstant(
      { year, month, day: dayOfMonth, hour, minute: Math.floor(random() * 50) },
      options.timeZone,
    );
    if (publishedAt >= options.now) continue;
    const frames = 1 + Math.floor(random() * 4);
    specs.push({
      publishedAt,
      frames,
      video: random() < 0.3 ? [frames - 1] : [],
      reach: Math.round((400 + random() * 500) * (appeal[hour] ?? 1)),
      retention: 0.6 + random() * 0.3,
      tooFewViewers: i % 13 === 12,
    });
  }
  return specs;
}

/**
 * A brand's published stories with insight history, for tests and the demo: each story is
 * published on every given channel (the brand's sandbox channels, made if not given), and each
 * channel whose platform reports numbers (its descriptor's `insights.kind`) gets the readings the
 * collector would have taken by `now` (+1 h, +6 h, +12 h, +20 h, final), stored through
 * recordInsightSnapshot so FrameInsight is what production makes. Stories and targets are written
 * as the pipeline leaves them; the insight tables are never written directly. `store` puts the
 * frames' image bytes where thumbnails are read (the demo); tests leave it out.
 */
export async function makeInsightHistory(
  db: Db,
  brand: { id: string; workspaceId: string; name: string; timeZone: string },
  stories: InsightStorySpec[],
  options: {
    now?: Date;
    channels?: { id: string; platform: Platform }[];
    store?: (key: string, bytes: Buffer) => Promise<void>;
  } = {},
) {
  const now = options.now ?? new Date();
  const channels =
    options.channels ??
    (await makeSandboxChannels(db, secretBoxFromEnv(env()), brand)).map((c) => ({
      id: c.id,
      platform: c.platform,
    }));
  const bytes = jpeg({ width: 1080, height: 1920, seed: 14 });
  const asset = async (kind: "IMAGE" | "VIDEO") => {
    const row = await makeMediaAsset(db, brand.workspaceId, {
      kind,
      bytes,
      mimeType: kind === "IMAGE" ? "image/jpeg" : "video/mp4",
      durationMs: kind === "VIDEO" ? 8_000 : undefined,
    });
    if (kind === "IMAGE" && options.store) await options.store(row.storageKey, bytes);
    return row;
  };
  const image = await asset("IMAGE");
  const video = await asset("VIDEO");
  const made = [];
  for (const [index, spec] of stories.entries()) {
    const frameCount = spec.frames ?? 1;
    const story = await db.story.create({
      data: {
        workspaceId: brand.workspaceId,
        brandId: brand.id,
        title: spec.title ?? `Sample story ${index + 1}`,
        status: "PUBLISHED",
        scheduledAt: spec.publishedAt,
        timeZone: brand.timeZone,
        publishedAt: spec.publishedAt,
      },
    });
    const storyFrames = await db.storyFrame.createManyAndReturn({
      data: Array.from({ length: frameCount }, (_, position) => ({
        workspaceId: brand.workspaceId,
        storyId: story.id,
        position,
        mediaAssetId: spec.video?.includes(position) ? video.id : image.id,
      })),
    });
    const targets = [];
    for (const channel of channels) {
      const target = await db.storyTarget.create({
        data: {
          workspaceId: brand.workspaceId,
          storyId: story.id,
          channelId: channel.id,
          state: "PUBLISHED",
          publishedAt: spec.publishedAt,
        },
      });
      const targetFrames = await db.storyTargetFrame.createManyAndReturn({
        data: storyFrames.map((frame) => ({
          workspaceId: brand.workspaceId,
          targetId: target.id,
          frameId: frame.id,
          position: frame.position,
          state: "PUBLISHED" as const,
          // Never on the simulator, so no platform id: the collector's sweep, which reads frames
          // with one, leaves these sample frames alone.
          externalMediaId: null,
          publishedAt: new Date(spec.publishedAt.getTime() + frame.position * 2_000),
        })),
      });
      targets.push({ id: target.id, platform: channel.platform });
      if (platformDescriptor(channel.platform).insights.kind !== "polled") continue;
      for (const frame of targetFrames) {
        const reach = Math.round(spec.reach * (spec.retention ?? 0.8) ** frame.position);
        const last = frame.position === frameCount - 1;
        const nextReach = last ? 0 : Math.round(reach * (spec.retention ?? 0.8));
        for (const slot of INSIGHT_SLOTS) {
          const capturedAt = new Date(
            slotDueAt(frame.publishedAt ?? spec.publishedAt, slot).getTime() + 30_000,
          );
          if (capturedAt > now) break;
          const grown = (value: number) => Math.round(value * SLOT_GROWTH[slot]);
          const numbers = {
            views: grown(reach * 1.2),
            reach: grown(reach),
            replies: grown(reach * 0.012),
            shares: grown(reach * 0.006),
            follows: grown(reach * 0.004),
            profileVisits: grown(reach * 0.02),
            totalInteractions: grown(reach * 0.022),
            tapForward: grown(nextReach * 0.9),
            tapBack: grown(reach * 0.05),
            tapExit: grown((reach - nextReach) * 0.7),
            swipeForward: grown((reach - nextReach) * 0.2),
          };
          await recordInsightSnapshot(
            { db, now: () => now },
            {
              workspaceId: brand.workspaceId,
              targetFrameId: frame.id,
              slot,
              source: "POLL",
              outcome: spec.tooFewViewers ? "TOO_FEW_VIEWERS" : "OK",
              capturedAt,
              numbers: {
                ...numbers,
                navigation: numbers.tapForward + numbers.tapBack + numbers.tapExit + numbers.swipeForward,
              },
            },
          );
        }
      }
    }
    made.push({ id: story.id, title: story.title, publishedAt: spec.publishedAt, targets });
  }
  return { channels, stories: made };
}
