import { AppError } from "@/lib/errors";
import type { InboundHook } from "@/lib/publishers/inbound-contract";
import { inboundAdapterFor } from "@/lib/publishers/inbound-registry";
import { isPublisherError } from "@/lib/publishers/publisher-error";
import { wahaNumber, wahaQrPng, wahaSessionState } from "@/lib/publishers/whatsapp/waha-sessions";
import type { WorkspaceContext } from "@/lib/workspaces/context";
import { type ConnectChannelDeps, connectChannel } from "./connect-channel";
import { PAIRING_PLATFORM, PAIRING_TIMEOUT_MS, withGatewayAdvice } from "./whatsapp-pairing-shared";

export type PollWhatsAppPairingDeps = ConnectChannelDeps & {
  now?: () => Date;
  timeoutMs?: number;
  /**
   * The paired channel's own URL for its messages and the key its session signs them with
   * (lib/inbox's wahaInboundHook, passed in by the edges: the inbox sits above channels). When
   * given, the session is pointed at it as the channel is saved.
   */
  inboundHookFor?: (channelId: string) => InboundHook;
};

export type PairingView =
  | { state: "STARTING" | "STOPPED" | "FAILED"; qrPng?: undefined }
  /** The gateway did not answer this time: the pairing goes on, the next look may reach it. */
  | { state: "UNREACHABLE"; reason: string }
  | { state: "SCAN_QR_CODE"; qrPng: Buffer }
  | {
      state: "WORKING";
      channel: { id: string; displayName: string };
      number: string | null;
      reconnected: boolean;
      resumedTargets: number;
    };

/**
 * One look at a pairing, as the browser asks every two seconds: the session's state, its QR code
 * while it waits for a scan, and once WORKING the saved channel and its number. The channel is saved
 * once, through connectChannel (so the key is sealed and checked as always, and a re-pair resumes the
 * stories held while the channel needed it); later looks answer from the pairing without saving again.
 *
 * Only the person who started the pairing can look at it: an id from another workspace, another
 * person, or an unknown one is NOT_FOUND, the same answer for all three.
 */
export async function pollWhatsAppPairing(
  deps: PollWhatsAppPairingDeps,
  ctx: WorkspaceContext,
  input: { pairingId: string },
): Promise<PairingView> {
  const pairing =
    typeof input.pairingId === "string" && input.pairingId.length <= 100 && ctx.userId
      ? await deps.db.whatsAppPairing.findFirst({
          where: { id: input.pairingId, workspaceId: ctx.workspaceId, userId: ctx.userId },
        })
      : null;
  if (!pairing)
    throw new AppError("NOT_FOUND", "This pairing does not exist or was started by someone else.");

  if (pairing.completedAt && pairing.channelId) {
    const channel = await deps.db.channel.findFirst({
      where: { id: pairing.channelId, workspaceId: ctx.workspaceId },
      select: { id: true, displayName: true },
    });
    if (!channel) throw new AppError("NOT_FOUND", "The channel of this pairing was removed.");
    return { state: "WORKING", channel, number: null, reconnected: false, resumedTargets: 0 };
  }
  const now = deps.now?.() ?? new Date();
  if (pairing.expiresAt <= now) {
    throw new AppError(
      "INVALID_INPUT",
      "This QR code expired before it was scanned: start the pairing again.",
    );
  }

  const apiKey = deps.box.open(pairing, pairing.id);
  const gateway = { gatewayUrl: pairing.gatewayUrl, apiKey, timeoutMs: deps.timeoutMs ?? PAIRING_TIMEOUT_MS };
  let state: Awaited<ReturnType<typeof wahaSessionState>>;
  try {
    state = await wahaSessionState(gateway, pairing.session);
  } catch (error) {
    if (isPublisherError(error) && (error.platformCode === "network" || error.platformCode === "timeout")) {
      const what = error.platformCode === "network" ? "could not be reached" : "did not answer in time";
      return {
        state: "UNREACHABLE",
        reason: `The WhatsApp gateway at ${pairing.gatewayUrl} ${what}; trying again.`,
      };
    }
    return withGatewayAdvice(gateway, () => Promise.reject(error));
  }
  await deps.db.whatsAppPairing.updateMany({
    where: { id: pairing.id, workspaceId: ctx.workspaceId, completedAt: null },
    data: { state },
  });
  if (pairing.channelId) {
    await deps.db.channel.updateMany({
      where: { id: pairing.channelId, workspaceId: ctx.workspaceId },
      data: { sessionState: state, sessionCheckedAt: now },
    });
  }

  if (state === "SCAN_QR_CODE") {
    return { state, qrPng: await withGatewayAdvice(gateway, () => wahaQrPng(gateway, pairing.session)) };
  }
  if (state !== "WORKING") return { state };

  const number = await withGatewayAdvice(gateway, () => wahaNumber(gateway, pairing.session));
  // The unofficial-use acknowledgement was given when this gateway was first entered.
  const connected = await connectChannel(deps, ctx, {
    platform: PAIRING_PLATFORM,
    brandId: pairing.brandId,
    mode: "gateway",
    gatewayUrl: pairing.gatewayUrl,
    session: pairing.session,
    apiKey,
    acknowledgeUnofficial: true,
  });
  const displayName = number ? `${connected.channel.displayName} · +${number}`.slice(0, 200) : undefined;
  // Only the first look that finds the session WORKING completes the pairing; a second one in flight
  // has saved the same channel with the same key (an upsert) and reports it without claiming it.
  const claimed = await deps.db.whatsAppPairing.updateMany({
    where: { id: pairing.id, workspaceId: ctx.workspaceId, completedAt: null },
    data: { completedAt: now, channelId: connected.channel.id, state },
  });
  await deps.db.channel.updateMany({
    where: { id: connected.channel.id, workspaceId: ctx.workspaceId },
    data: { sessionState: state, sessionCheckedAt: now, ...(displayName ? { displayName } : {}) },
  });
  const subscribe = inboundAdapterFor(PAIRING_PLATFORM).subscribe;
  if (claimed.count === 1 && deps.inboundHookFor && subscribe) {
    // Best effort: the channel publishes either way, and its page shows the URL and key to set by hand.
    await subscribe(
      { externalAccountId: pairing.session, secret: apiKey, config: { gatewayUrl: pairing.gatewayUrl } },
      deps.endpointsFor({ sandbox: false }),
      deps.inboundHookFor(connected.channel.id),
    ).catch(() => undefined);
  }
  return {
    state,
    channel: { id: connected.channel.id, displayName: displayName ?? connected.channel.displayName },
    number,
    reconnected: connected.reconnected,
    resumedTargets: claimed.count === 1 ? connected.resumedTargets : 0,
  };
}
