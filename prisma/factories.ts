import { createHash, randomUUID } from "node:crypto";
import { newApiKeySecret } from "@/lib/api-keys/create-api-key";
import { createSandboxChannel } from "@/lib/channels/create-sandbox-channel";
import { type SecretBox, secretBoxFromEnv } from "@/lib/crypto/secret-box";
import type { Db, DbOrTx } from "@/lib/db/client";
import type { ApprovalPolicy, Platform, Role } from "@/lib/db/generated/enums";
import { env } from "@/lib/env";
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
