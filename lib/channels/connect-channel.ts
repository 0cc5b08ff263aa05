import { recordAudit } from "@/lib/audit/record-audit";
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
import { parseInput } from "@/lib/validation";
import { assertCan, canSeeBrand, type WorkspaceContext } from "@/lib/workspaces/context";
import {
  type ConnectChannelFields,
  type ConnectChannelInput,
  connectChannelSchema,
} from "./connect-channel-input";
import { type ChannelCredentials, channelConfigSchemas, credentialSchemas } from "./credentials";

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

/** What a channel is made of once the form is read: ids, settings, and how it authenticates. */
type Plan = {
  platform: Platform;
  externalAccountId: string;
  config: Record<string, unknown>;
  auth:
    | { kind: "secret"; credentials: ChannelCredentials; secret: string }
    /** WhatsApp handoff: no secret, a member posts by hand. */
    | { kind: "handoff"; assigneeUserId: string };
  /**
   * Who the live check talks to, for a refusal when it cannot be reached: its name, what to do,
   * and the form field to mark when the person chose the address.
   */
  checkedWith: { name: string; advice: string; field?: string };
};

const META_UNREACHABLE_ADVICE =
  "Press Connect again in a few minutes; if it keeps failing, check that this StoryRelay server can reach the internet.";

function planFor(fields: ConnectChannelFields): Plan {
  switch (fields.platform) {
    case "INSTAGRAM":
      return {
        platform: "INSTAGRAM",
        externalAccountId: fields.accountId,
        auth: {
          kind: "secret",
          credentials: credentialSchemas.INSTAGRAM.parse({ accessToken: fields.accessToken }),
          secret: fields.accessToken,
        },
        config: channelConfigSchemas.INSTAGRAM.parse({ host: fields.host }),
        checkedWith: { name: "Instagram", advice: META_UNREACHABLE_ADVICE },
      };
    case "FACEBOOK":
      return {
        platform: "FACEBOOK",
        externalAccountId: fields.pageId,
        auth: {
          kind: "secret",
          credentials: credentialSchemas.FACEBOOK.parse({ pageAccessToken: fields.pageAccessToken }),
          secret: fields.pageAccessToken,
        },
        config: channelConfigSchemas.FACEBOOK.parse({}),
        checkedWith: { name: "Facebook", advice: META_UNREACHABLE_ADVICE },
      };
    case "WHATSAPP":
      if (fields.mode === "gateway") {
        return {
          platform: "WHATSAPP",
          externalAccountId: fields.session,
          auth: {
            kind: "secret",
            credentials: credentialSchemas.WHATSAPP.parse({ apiKey: fields.apiKey }),
            secret: fields.apiKey,
          },
          config: channelConfigSchemas.WHATSAPP.parse({
            mode: "gateway",
            gatewayUrl: fields.gatewayUrl.replace(/\/+$/, ""),
          }),
          checkedWith: {
            name: `The WhatsApp gateway at ${fields.gatewayUrl.replace(/\/+$/, "")}`,
            advice: "Check the gateway URL and that the gateway is running, then press Connect again.",
            field: "gatewayUrl",
          },
        };
      }
      return {
        platform: "WHATSAPP",
        // One handoff channel per person who posts by hand.
        externalAccountId: `handoff-${fields.assigneeUserId}`,
        auth: { kind: "handoff", assigneeUserId: fields.assigneeUserId },
        config: channelConfigSchemas.WHATSAPP.parse({
          mode: "handoff",
          assigneeUserId: fields.assigneeUserId,
        }),
        // Handoff checks nothing with a platform.
        checkedWith: { name: "WhatsApp", advice: "" },
      };
  }
}

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
) {
  assertCan(ctx, "channels:manage", "connect channels");
  const fields = parseInput(connectChannelSchema, input);
  const brand = canSeeBrand(ctx, fields.brandId)
    ? await deps.db.brand.findFirst({
        where: { id: fields.brandId, workspaceId: ctx.workspaceId },
        select: { id: true, name: true },
      })
    : null;
  if (!brand) throw new AppError("NOT_FOUND", "This brand does not exist or you cannot see it.");

  const plan = planFor(fields);
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
      ? { name: await handoffName(deps.db, ctx, brand.id, plan.auth.assigneeUserId) }
      : await verify(
          deps,
          plan,
          { externalAccountId: plan.externalAccountId, secret: plan.auth.secret, config: plan.config },
          existing ?? { sandbox: false },
        );

  const channel = await deps.db.$transaction(async (tx) => {
    const data = {
      displayName: info.name.slice(0, 200),
      status: "CONNECTED" as const,
      statusReason: null,
      tokenExpiresAt: info.tokenExpiresAt ?? null,
      config: plan.config as object,
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
      },
    });
    return saved;
  });

  const resumedTargets = existing ? await deps.resumeHeldTargets(channel) : 0;
  return { channel, reconnected: existing !== null, resumedTargets };
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

/** The member who will post by hand must belong to the workspace and see the brand. */
async function handoffName(db: Db, ctx: WorkspaceContext, brandId: string, userId: string): Promise<string> {
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
  return `WhatsApp Status · posted by ${membership.user.name}`;
}
