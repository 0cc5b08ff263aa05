import { getBrand } from "@/lib/brands/get-brand";
import { META_LOGINS, missingScopes } from "@/lib/core/platforms/meta-logins";
import { platformDescriptor } from "@/lib/core/platforms/registry";
import type { SecretBox } from "@/lib/crypto/secret-box";
import type { Db } from "@/lib/db/client";
import type { ChannelStatus, Platform } from "@/lib/db/generated/enums";
import { messageOf } from "@/lib/errors";
import type { PublisherEndpoints } from "@/lib/publishers/contract";
import type { HealthReader, HealthReading } from "@/lib/publishers/health";
import { isPublisherError } from "@/lib/publishers/publisher-error";
import { visibleBrandFilter, type WorkspaceContext } from "@/lib/workspaces/context";
import { authSecret } from "./credentials";
import { readCredentials } from "./read-credentials";

/**
 * A live read waits at most this long: the page shows "could not reach" rather than hang on a
 * platform or gateway that does not answer (the publisher's own deadline is longer).
 */
export const HEALTH_READ_TIMEOUT_MS = 4_000;

export type ConnectionHealthDeps = {
  db: Db;
  box: SecretBox;
  healthReaderFor(platform: Platform): HealthReader;
  endpointsFor(channel: { sandbox: boolean }): PublisherEndpoints;
};

/** What is known about a channel's secret's lifetime. */
export type TokenLifetime =
  | { kind: "expires"; expiresAt: Date }
  /** The platform said, when the channel was connected, that it does not expire. */
  | { kind: "never" }
  /** Nobody asked the platform (a pasted Instagram Login token, a sandbox Graph channel). */
  | { kind: "unknown" }
  /** No secret at all: a handoff channel a person posts to by hand. */
  | { kind: "none" };

export type PermissionCheck =
  /** The channel is not connected through a Meta login: there are no scopes to compare. */
  | { kind: "not_applicable" }
  /** Nobody has read the granted scopes yet (connected by pasting a token, before issue 12). */
  | { kind: "not_checked"; login: string; needed: string[] }
  | {
      kind: "checked";
      login: string;
      checkedAt: Date;
      granted: string[];
      needed: string[];
      missing: string[];
    };

export type LiveHealth =
  | { state: "read"; source: string; reading: HealthReading }
  /** No answer (network, timeout, 5xx): the platform may be fine, StoryRelay could not ask. */
  | { state: "unreachable"; source: string; reason: string }
  /** It answered, and refused (a dead token, a wrong key). */
  | { state: "refused"; source: string; reason: string }
  /** StoryRelay could not ask (its stored secret cannot be opened, say). */
  | { state: "error"; reason: string }
  /** Nothing to read: the channel has no secret to ask with. */
  | { state: "none" };

export type ChannelHealth = {
  id: string;
  brand: { id: string; name: string };
  platform: Platform;
  displayName: string;
  externalAccountId: string;
  sandbox: boolean;
  status: ChannelStatus;
  statusReason: string | null;
  token: TokenLifetime;
  permissions: PermissionCheck;
  lastPublished: { at: Date; storyId: string } | null;
  lastFailed: { at: Date; storyId: string; reason: string | null } | null;
  live: LiveHealth;
};

/**
 * Every channel the caller may see (the workspace's, limited to their brands; one brand's with
 * `brandId`), with what a person needs to trust it before a story fails: its state, when its
 * token runs out, the permissions it holds against those its login needs to publish, its last
 * published and last failed story, and a live read from the platform (Instagram's publishing
 * quota, the WhatsApp gateway's session). Live reads run in parallel with a short deadline, and
 * a failed one is a state of that channel, never an error of the page.
 *
 * Channels by Channel(workspaceId, brandId); the last targets by StoryTarget(workspaceId,
 * channelId, state).
 */
export async function getConnectionHealth(
  deps: ConnectionHealthDeps,
  ctx: WorkspaceContext,
  input: { brandId?: string } = {},
): Promise<ChannelHealth[]> {
  if (input.brandId !== undefined) {
    await getBrand(deps.db, ctx, input.brandId);
  }
  const brandIds = visibleBrandFilter(ctx).id;
  const channels = await deps.db.channel.findMany({
    where: {
      workspaceId: ctx.workspaceId,
      ...(input.brandId !== undefined ? { brandId: input.brandId } : brandIds ? { brandId: brandIds } : {}),
    },
    orderBy: [{ brand: { name: "asc" } }, { platform: "asc" }, { displayName: "asc" }],
    select: {
      id: true,
      workspaceId: true,
      platform: true,
      displayName: true,
      externalAccountId: true,
      sandbox: true,
      status: true,
      statusReason: true,
      config: true,
      tokenExpiresAt: true,
      grantedScopes: true,
      scopesCheckedAt: true,
      brand: { select: { id: true, name: true } },
      credential: { select: { id: true } },
    },
  });
  return Promise.all(
    channels.map(async (channel): Promise<ChannelHealth> => {
      const config = (channel.config ?? {}) as Record<string, unknown>;
      const hasSecret = channel.credential !== null;
      const [lastPublished, lastFailed, live] = await Promise.all([
        deps.db.storyTarget.findFirst({
          where: { workspaceId: ctx.workspaceId, channelId: channel.id, state: "PUBLISHED" },
          orderBy: { publishedAt: "desc" },
          select: { storyId: true, publishedAt: true, updatedAt: true },
        }),
        deps.db.storyTarget.findFirst({
          where: { workspaceId: ctx.workspaceId, channelId: channel.id, state: "FAILED" },
          orderBy: { updatedAt: "desc" },
          select: { storyId: true, updatedAt: true, lastErrorMessage: true },
        }),
        hasSecret ? readLive(deps, channel, config) : Promise.resolve<LiveHealth>({ state: "none" }),
      ]);
      return {
        id: channel.id,
        brand: channel.brand,
        platform: channel.platform,
        displayName: channel.displayName,
        externalAccountId: channel.externalAccountId,
        sandbox: channel.sandbox,
        status: channel.status,
        statusReason: channel.statusReason,
        token: tokenLifetime(channel, config, hasSecret),
        permissions: permissionCheck(channel, config),
        lastPublished: lastPublished
          ? { at: lastPublished.publishedAt ?? lastPublished.updatedAt, storyId: lastPublished.storyId }
          : null,
        lastFailed: lastFailed
          ? { at: lastFailed.updatedAt, storyId: lastFailed.storyId, reason: lastFailed.lastErrorMessage }
          : null,
        live,
      };
    }),
  );
}

function tokenLifetime(
  channel: { platform: Platform; sandbox: boolean; tokenExpiresAt: Date | null },
  config: Record<string, unknown>,
  hasSecret: boolean,
): TokenLifetime {
  if (!hasSecret) return { kind: "none" };
  if (channel.tokenExpiresAt) return { kind: "expires", expiresAt: channel.tokenExpiresAt };
  const lifetime = platformDescriptor(channel.platform).secretLifetime?.(config) ?? "unknown";
  if (lifetime === "never") return { kind: "never" };
  // Sandbox channels are made without asking the simulators, so an empty expiry says nothing.
  return lifetime === "read" && !channel.sandbox ? { kind: "never" } : { kind: "unknown" };
}

function permissionCheck(
  channel: { platform: Platform; grantedScopes: string[]; scopesCheckedAt: Date | null },
  config: Record<string, unknown>,
): PermissionCheck {
  const kind = platformDescriptor(channel.platform).metaLogin?.(config);
  if (!kind) return { kind: "not_applicable" };
  const login = META_LOGINS[kind].productName;
  const needed = missingScopes(kind, channel.platform, "publish", []);
  if (!channel.scopesCheckedAt) return { kind: "not_checked", login, needed };
  return {
    kind: "checked",
    login,
    checkedAt: channel.scopesCheckedAt,
    granted: channel.grantedScopes,
    needed,
    missing: missingScopes(kind, channel.platform, "publish", channel.grantedScopes),
  };
}

async function readLive(
  deps: ConnectionHealthDeps,
  channel: {
    id: string;
    workspaceId: string;
    platform: Platform;
    externalAccountId: string;
    sandbox: boolean;
  },
  config: Record<string, unknown>,
): Promise<LiveHealth> {
  const reader = deps.healthReaderFor(channel.platform);
  const endpoints = deps.endpointsFor(channel);
  try {
    const secret = authSecret(await readCredentials(deps.db, deps.box, channel));
    const reading = await reader.read(
      { externalAccountId: channel.externalAccountId, secret, config },
      { ...endpoints, timeoutMs: Math.min(endpoints.timeoutMs, HEALTH_READ_TIMEOUT_MS), onUsage: undefined },
    );
    return { state: "read", source: reader.source, reading };
  } catch (error) {
    if (!isPublisherError(error)) {
      // A credential that cannot be opened (the encryption key changed), say: this channel's
      // problem, shown on its row; the rest of the page still reads.
      return { state: "error", reason: messageOf(error) };
    }
    if (error.platformCode === "timeout" || error.platformCode === "network") {
      const reason =
        error.platformCode === "timeout"
          ? `no answer within ${Math.round(HEALTH_READ_TIMEOUT_MS / 1000)} s`
          : (error.platformMessage ?? "no connection");
      return { state: "unreachable", source: reader.source, reason };
    }
    const unreachable = error.errorClass === "retryable" || error.errorClass === "rate_limited";
    return { state: unreachable ? "unreachable" : "refused", source: reader.source, reason: error.advice };
  }
}
