import type { SecretBox } from "@/lib/crypto/secret-box";
import type { Db } from "@/lib/db/client";
import type { Logger } from "@/lib/logger";
import { isPublisherError, reasonOf } from "@/lib/publishers/publisher-error";
import { wahaSessionState } from "@/lib/publishers/whatsapp/waha-sessions";
import { channelConfigSchemas } from "./credentials";
import { markNeedsReauth } from "./notify-reauth-needed";
import { readCredentials } from "./read-credentials";
import { PAIRING_PLATFORM, PAIRING_TIMEOUT_MS } from "./whatsapp-pairing-shared";

/** A session is looked at again when its last look is older than this. */
export const SESSION_CHECK_EVERY_MS = 5 * 60_000;
const BATCH = 50;
/** At most this many sessions a run: a run with many unreachable gateways still ends. */
const MAX_PER_RUN = 500;

export type GatewaySessionCheckDeps = {
  db: Db;
  box: SecretBox;
  logger: Logger;
  now(): Date;
  timeoutMs?: number;
};
export type GatewaySessionReport = { checked: number; needsRepair: number; failed: number };

/**
 * Looks at the gateway sessions of connected channels paired by QR code, so the channel card shows
 * the session's state with the time it was seen, and a session that lost its phone (FAILED, logged
 * out, stopped) marks its channel for re-pairing and tells the owners now, before a story finds out;
 * stories for it are then held like for any channel that needs reconnecting. A gateway that cannot
 * be reached changes nothing: the next run looks again, and a story's own send decides.
 */
export async function checkGatewaySessions(deps: GatewaySessionCheckDeps): Promise<GatewaySessionReport> {
  const report: GatewaySessionReport = { checked: 0, needsRepair: 0, failed: 0 };
  const now = deps.now();
  let cursor: string | undefined;
  for (let seen = 0; seen < MAX_PER_RUN; seen += BATCH) {
    const due = await dueChannels(deps.db, now, cursor);
    if (due.length === 0) break;
    cursor = due.at(-1)?.id;
    for (const channel of due) await checkOne(deps, channel, now, report);
  }
  return report;
}

/** Connected channels paired by QR code whose session was last seen long enough ago, by id from `after`. */
function dueChannels(db: Db, now: Date, after: string | undefined) {
  return db.channel.findMany({
    where: {
      platform: PAIRING_PLATFORM,
      status: "CONNECTED",
      sessionState: { not: null },
      OR: [
        { sessionCheckedAt: null },
        { sessionCheckedAt: { lt: new Date(now.getTime() - SESSION_CHECK_EVERY_MS) } },
      ],
      ...(after ? { id: { gt: after } } : {}),
    },
    select: {
      id: true,
      workspaceId: true,
      brandId: true,
      platform: true,
      displayName: true,
      externalAccountId: true,
      config: true,
    },
    orderBy: { id: "asc" },
    take: BATCH,
  });
}

async function checkOne(
  deps: GatewaySessionCheckDeps,
  channel: Awaited<ReturnType<typeof dueChannels>>[number],
  now: Date,
  report: GatewaySessionReport,
): Promise<void> {
  const log = deps.logger.child({ channelId: channel.id });
  const config = channelConfigSchemas[PAIRING_PLATFORM].safeParse(channel.config);
  const gatewayUrl = config.success ? config.data.gatewayUrl : undefined;
  if (!gatewayUrl) return;
  try {
    const { apiKey } = await readCredentials(deps.db, deps.box, channel);
    if (!apiKey) return;
    const state = await wahaSessionState(
      { gatewayUrl, apiKey, timeoutMs: deps.timeoutMs ?? PAIRING_TIMEOUT_MS },
      channel.externalAccountId,
    );
    await deps.db.channel.updateMany({
      where: { id: channel.id, workspaceId: channel.workspaceId },
      data: { sessionState: state, sessionCheckedAt: now },
    });
    report.checked += 1;
    // STARTING becomes WORKING or asks for a scan by itself; the next look tells which.
    if (state === "WORKING" || state === "STARTING") return;
    await markNeedsReauth(
      deps.db,
      channel,
      `The WhatsApp session is ${state} on the gateway: press Re-pair and scan the new QR code with the phone.`,
    );
    report.needsRepair += 1;
  } catch (error) {
    if (isPublisherError(error) && error.errorClass === "reauth_required") {
      // The gateway refused the key or no longer knows the session.
      await markNeedsReauth(deps.db, channel, error.advice);
      report.needsRepair += 1;
      return;
    }
    report.failed += 1;
    log.warn(
      {
        reason: reasonOf(error),
      },
      "could not check the WhatsApp gateway session; looking again on the next run",
    );
  }
}
