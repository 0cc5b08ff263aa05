import { randomUUID } from "node:crypto";
import { recordAudit } from "@/lib/audit/record-audit";
import type { SecretBox } from "@/lib/crypto/secret-box";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { ensureWahaSession } from "@/lib/publishers/whatsapp/waha-sessions";
import { assertCan, canSeeBrand, type WorkspaceContext } from "@/lib/workspaces/context";
import { parseConnectInput } from "./connect-channel-input";
import { channelConfigSchemas } from "./credentials";
import { readCredentials } from "./read-credentials";
import {
  PAIRING_LIFETIME_MS,
  PAIRING_PLATFORM,
  PAIRING_TIMEOUT_MS,
  type PairingGateway,
  withGatewayAdvice,
} from "./whatsapp-pairing-shared";

export type StartWhatsAppPairingDeps = { db: Db; box: SecretBox; now?: () => Date; timeoutMs?: number };

/**
 * A new pairing: the brand and the connect form's gateway fields (URL, session name, API key, the
 * unofficial-use acknowledgement), checked by the WhatsApp descriptor like the credential form.
 * A re-pair: the brand and the channel, whose stored gateway and key are used again.
 */
export type StartWhatsAppPairingInput =
  | ({ brandId: string; channelId?: undefined } & Record<string, unknown>)
  | { brandId: string; channelId: string };

/**
 * "Connect WhatsApp (scan a QR code)" and "Re-pair": creates or (re)starts the session on the
 * person's WAHA gateway and remembers the pairing, with the API key sealed, so the browser can poll
 * for the QR code by the pairing's id alone. Nothing is stored when the gateway refuses; the channel
 * itself is saved by pollWhatsAppPairing once the session is WORKING.
 */
export async function startWhatsAppPairing(
  deps: StartWhatsAppPairingDeps,
  ctx: WorkspaceContext,
  input: StartWhatsAppPairingInput,
): Promise<{ pairingId: string; state: string }> {
  assertCan(ctx, "channels:manage", "connect channels");
  if (!ctx.userId) throw new AppError("FORBIDDEN", "Pairing by QR code needs a signed-in person.");
  const target = input.channelId
    ? await repairTarget(deps, ctx, input.brandId, input.channelId)
    : await newTarget(deps, ctx, input);

  const gateway = { gatewayUrl: target.gatewayUrl, apiKey: target.apiKey };
  const state = await withGatewayAdvice(gateway, () =>
    ensureWahaSession({ ...gateway, timeoutMs: deps.timeoutMs ?? PAIRING_TIMEOUT_MS }, target.session, {
      // A re-pair replaces whatever the session shows now (a failed link, an old QR code).
      restart: target.channelId !== null,
    }),
  );

  const id = randomUUID();
  const now = deps.now?.() ?? new Date();
  const sealed = deps.box.seal(target.apiKey, id);
  await deps.db.$transaction(async (tx) => {
    await tx.whatsAppPairing.create({
      data: {
        id,
        workspaceId: ctx.workspaceId,
        brandId: target.brandId,
        userId: ctx.userId as string,
        channelId: target.channelId,
        gatewayUrl: target.gatewayUrl,
        session: target.session,
        ...sealed,
        state,
        expiresAt: new Date(now.getTime() + PAIRING_LIFETIME_MS),
      },
    });
    if (target.channelId) {
      await tx.channel.updateMany({
        where: { id: target.channelId, workspaceId: ctx.workspaceId },
        data: { sessionState: state, sessionCheckedAt: now },
      });
    }
    await recordAudit(tx, ctx, {
      action: target.channelId ? "channel.repair_start" : "channel.pairing_start",
      entityType: target.channelId ? "Channel" : "Brand",
      entityId: target.channelId ?? target.brandId,
      data: { brandId: target.brandId, session: target.session, gatewayUrl: target.gatewayUrl },
    });
  });
  return { pairingId: id, state };
}

type Target = PairingGateway & { brandId: string; session: string; channelId: string | null };

async function visibleBrand(deps: StartWhatsAppPairingDeps, ctx: WorkspaceContext, brandId: string) {
  const brand = canSeeBrand(ctx, brandId)
    ? await deps.db.brand.findFirst({
        where: { id: brandId, workspaceId: ctx.workspaceId },
        select: { id: true },
      })
    : null;
  if (!brand) throw new AppError("NOT_FOUND", "This brand does not exist or you cannot see it.");
  return brand;
}

async function newTarget(
  deps: StartWhatsAppPairingDeps,
  ctx: WorkspaceContext,
  input: { brandId: string } & Record<string, unknown>,
): Promise<Target> {
  // The descriptor's gateway fields and messages, as on the credential form; never handoff here.
  const { brandId, plan } = parseConnectInput({ ...input, platform: PAIRING_PLATFORM, mode: "gateway" });
  const brand = await visibleBrand(deps, ctx, brandId);
  const config = channelConfigSchemas[PAIRING_PLATFORM].parse(plan.config);
  if (plan.auth.kind !== "secret" || !config.gatewayUrl) {
    throw new AppError("INVALID_INPUT", "Enter the gateway's address and API key.");
  }
  return {
    brandId: brand.id,
    session: plan.externalAccountId,
    gatewayUrl: config.gatewayUrl,
    apiKey: plan.auth.secret,
    channelId: null,
  };
}

async function repairTarget(
  deps: StartWhatsAppPairingDeps,
  ctx: WorkspaceContext,
  brandId: string,
  channelId: string,
): Promise<Target> {
  const brand = await visibleBrand(deps, ctx, brandId);
  const channel = await deps.db.channel.findFirst({
    where: { id: channelId, workspaceId: ctx.workspaceId, brandId: brand.id, platform: PAIRING_PLATFORM },
    select: { id: true, workspaceId: true, platform: true, externalAccountId: true, config: true },
  });
  if (!channel) throw new AppError("NOT_FOUND", "This WhatsApp channel does not exist or you cannot see it.");
  const config = channelConfigSchemas[PAIRING_PLATFORM].safeParse(channel.config);
  const gatewayUrl = config.success && config.data.mode === "gateway" ? config.data.gatewayUrl : undefined;
  if (!gatewayUrl) {
    throw new AppError(
      "INVALID_INPUT",
      "This channel has no gateway of its own to pair with; connect it by QR code with the gateway's address.",
    );
  }
  const credentials = await readCredentials(deps.db, deps.box, channel);
  const apiKey = credentials.apiKey;
  if (!apiKey) throw new AppError("NOT_FOUND", "This channel has no stored API key. Reconnect it.");
  return { brandId: brand.id, session: channel.externalAccountId, gatewayUrl, apiKey, channelId: channel.id };
}
