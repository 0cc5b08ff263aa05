import { recordAudit } from "@/lib/audit/record-audit";
import { getBrand } from "@/lib/brands/get-brand";
import type { ConnectPlan } from "@/lib/core/platforms/descriptor";
import type { SecretBox } from "@/lib/crypto/secret-box";
import type { Db } from "@/lib/db/client";
import type { Platform } from "@/lib/db/generated/enums";
import { AppError } from "@/lib/errors";
import type {
  PublisherAccount,
  PublisherEndpoints,
  StoryPublisher,
  TokenInfo,
} from "@/lib/publishers/contract";
import { isPublisherError } from "@/lib/publishers/publisher-error";
import { assertCan, type WorkspaceContext } from "@/lib/workspaces/context";
import { type ConnectChannelInput, parseConnectInput } from "./connect-channel-input";
import { channelConfigSchemas, credentialSchemas } from "./credentials";

export type ConnectChannelDeps = {
  db: Db;
  box: SecretBox;
  /**
   * On a reconnect: the channel's stories held while it needed re-authorisation get their publish
   * jobs again; returns how many. Passed in by the edges (lib/publishing's resumeHeldTargets),
   * because the pipeline sits above channels and channels never import it.
   */
  resumeHeldTargets: (channel: { id: string; workspaceId: string }) => Promise<number>;
  endpointsFor: (channel: { sandbox: boolean }) => PublisherEndpoints;
  publisherFor: (platform: Platform) => StoryPublisher;
};

/**
 * Connects a brand's Instagram account, Facebook Page or WhatsApp number. Tokens and keys are
 * checked live with the platform before anything is written (a refusal is INVALID_INPUT with the
 * platform's advice, and nothing is stored); the display name and token expiry come from that
 * check. Secrets are sealed with the channel id as context and never returned.
 *
 * Connecting an account the brand already has (same platform and account id) is a reconnect: new
 * credentials, status CONNECTED, and the stories held while it needed re-authorisation resume.
 * WhatsApp handoff mode stores no secret: a member posts the status by hand.
 */
export async function connectChannel(
  deps: ConnectChannelDeps,
  ctx: WorkspaceContext,
  input: ConnectChannelInput,
  options: ConnectOptions = {},
) {
  assertCan(ctx, "channels:manage", "connect channels");
  const parsed = parseConnectInput(input);
  const brand = await getBrand(deps.db, ctx, parsed.brandId);

  const plan = storedPlan(parsed.platform, parsed.plan);
  const existing = await deps.db.channel.findFirst({
    where: {
      workspaceId: ctx.workspaceId,
      brandId: brand.id,
      platform: plan.platform,
      externalAccountId: plan.externalAccountId,
    },
    select: { id: true, sandbox: true, status: true },
  });
  const info =
    plan.auth.kind === "handoff"
      ? { name: plan.auth.displayName(await handoffMember(deps.db, ctx, brand.id, plan.auth.assigneeUserId)) }
      : await verify(
          deps,
          plan,
          { externalAccountId: plan.externalAccountId, secret: plan.auth.secret, config: plan.config },
          existing ?? { sandbox: options.sandbox ?? false },
        );

  const channel = await deps.db.$transaction(async (tx) => {
    const data = {
      displayName: info.name.slice(0, 200),
      status: "CONNECTED" as const,
      statusReason: null,
      tokenExpiresAt: info.tokenExpiresAt ?? options.tokenExpiresAt ?? null,
      config: plan.config as object,
      ...(options.grantedScopes
        ? { grantedScopes: options.grantedScopes, scopesCheckedAt: options.scopesCheckedAt ?? new Date() }
        : {}),
    };
    const saved = await tx.channel.upsert({
      where: {
        brandId_platform_externalAccountId: {
          brandId: brand.id,
          platform: plan.platform,
          externalAccountId: plan.externalAccountId,
        },
      },
      create: {
        workspaceId: ctx.workspaceId,
        brandId: brand.id,
        platform: plan.platform,
        externalAccountId: plan.externalAccountId,
        sandbox: options.sandbox ?? false,
        ...data,
      },
      update: data,
      select: {
        id: true,
        workspaceId: true,
        brandId: true,
        platform: true,
        externalAccountId: true,
        displayName: true,
        status: true,
        sandbox: true,
        tokenExpiresAt: true,
      },
    });
    if (plan.auth.kind === "secret") {
      const sealed = deps.box.seal(JSON.stringify(plan.auth.credentials), saved.id);
      await tx.channelCredential.upsert({
        where: { channelId: saved.id },
        create: { workspaceId: ctx.workspaceId, channelId: saved.id, ...sealed },
        update: sealed,
      });
    }
    await recordAudit(tx, ctx, {
      action: existing ? "channel.reconnect" : "channel.connect",
      entityType: "Channel",
      entityId: saved.id,
      data: {
        brandId: brand.id,
        platform: plan.platform,
        externalAccountId: plan.externalAccountId,
        previousStatus: existing?.status ?? null,
        ...(options.via ? { via: options.via } : {}),
      },
    });
    return saved;
  });

  const resumedTargets = existing ? await deps.resumeHeldTargets(channel) : 0;
  return { channel, reconnected: existing !== null, resumedTargets };
}

/** What a one-click login knows beyond the connect fields (lib/oauth passes these). */
export type ConnectOptions = {
  /** A new channel talks to the simulators (a sandbox login); an existing one keeps its setting. */
  sandbox?: boolean;
  /** What the platform said the token holds, and when it said so. */
  grantedScopes?: string[];
  scopesCheckedAt?: Date;
  /** Used when the live check cannot read the expiry (Instagram Login's host has no debug_token). */
  tokenExpiresAt?: Date;
  /** How the channel was connected, for the audit trail ("facebook-login"). */
  via?: string;
};

type Plan = ConnectPlan & { platform: Platform };

/**
 * The descriptor's plan, with its credentials and settings run through the schemas they are
 * read back with, so a channel is never stored in a shape that cannot be opened again.
 */
function storedPlan(platform: Platform, plan: ConnectPlan): Plan {
  const auth =
    plan.auth.kind === "secret"
      ? { ...plan.auth, credentials: credentialSchemas[platform].parse(plan.auth.credentials) }
      : plan.auth;
  return { ...plan, platform, auth, config: channelConfigSchemas[platform].parse(plan.config) };
}

/**
 * The live check; nothing is written before it passes. A refusal is the person's to fix.
 *
 * The publisher's advice for a platform that cannot be reached or has a passing problem is written
 * for the publish pipeline ("StoryRelay will check and try again"), which does retry. Here nothing
 * was saved and nothing will be retried, so the refusal says that, and what to do.
 */
async function verify(
  deps: ConnectChannelDeps,
  plan: Plan,
  account: PublisherAccount,
  channel: { sandbox: boolean },
): Promise<TokenInfo> {
  try {
    return await deps.publisherFor(plan.platform).verifyAccount(account, deps.endpointsFor(channel));
  } catch (error) {
    if (!isPublisherError(error)) throw error;
    const code = error.platformCode ? ` (platform code ${error.platformCode})` : "";
    if (error.errorClass !== "retryable" && error.errorClass !== "rate_limited") {
      throw new AppError("INVALID_INPUT", `${error.advice}${code}`);
    }
    const what =
      error.platformCode === "network"
        ? "could not be reached"
        : error.platformCode === "timeout"
          ? "did not answer in time"
          : error.errorClass === "rate_limited"
            ? `is refusing calls for now${code}`
            : `had a temporary problem${code}`;
    const message = `${plan.checkedWith.name} ${what}: nothing was saved, and StoryRelay will not try again by itself. ${plan.checkedWith.advice}`;
    const { field } = plan.checkedWith;
    throw new AppError("INVALID_INPUT", message, field ? { fields: { [field]: message } } : {});
  }
}

/** The member who will post by hand must belong to the workspace and see the brand; their name. */
async function handoffMember(
  db: Db,
  ctx: WorkspaceContext,
  brandId: string,
  userId: string,
): Promise<string> {
  const membership = await db.membership.findFirst({
    where: { workspaceId: ctx.workspaceId, userId },
    select: {
      limitedToBrands: true,
      brands: { select: { brandId: true } },
      user: { select: { name: true } },
    },
  });
  const seesBrand =
    membership && (!membership.limitedToBrands || membership.brands.some((b) => b.brandId === brandId));
  if (!membership || !seesBrand) {
    const message = "Choose a member of this workspace who can see this brand.";
    throw new AppError("INVALID_INPUT", message, { fields: { assigneeUserId: message } });
  }
  return membership.user.name;
}
