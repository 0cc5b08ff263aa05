import { z } from "zod";
import { authSecret } from "@/lib/channels/credentials";
import { readCredentials } from "@/lib/channels/read-credentials";
import type { SetupCheck } from "@/lib/core/setup-check";
import type { SecretBox } from "@/lib/crypto/secret-box";
import type { Db } from "@/lib/db/client";
import type { Platform } from "@/lib/db/generated/enums";

const sessions = z.array(z.object({ name: z.string(), status: z.string().optional() }).loose());

type GatewayChannel = {
  id: string;
  workspaceId: string;
  platform: Platform;
  displayName: string;
  externalAccountId: string;
  gatewayUrl: string;
};

function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && error.name === "TimeoutError")
    return `did not answer within ${timeoutMs / 1000} s`;
  const cause =
    error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
  return `could not be reached (${cause})`;
}

/** GET /api/sessions with the channel's key: the cheapest call that proves the gateway is up and takes the key. */
async function probeGateway(
  deps: { db: Db; box: SecretBox },
  channel: GatewayChannel,
  timeoutMs: number,
): Promise<SetupCheck> {
  const base = { id: `gateway-${channel.id}`, title: `Gateway of ${channel.displayName}` };
  const reconnect = `Open the brand's channels and reconnect ${channel.displayName} with the gateway's current URL and API key.`;
  let secret: string;
  try {
    secret = authSecret(await readCredentials(deps.db, deps.box, channel));
  } catch {
    // Missing, or sealed under a key this installation no longer has: the doctor reports it
    // rather than failing the whole page.
    return {
      ...base,
      status: "fail",
      detail: "This channel's stored API key cannot be read, so nothing can be posted through it.",
      fix: reconnect,
    };
  }
  let response: Response;
  try {
    response = await fetch(`${channel.gatewayUrl}/api/sessions`, {
      headers: { "x-api-key": secret, accept: "application/json" },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    return {
      ...base,
      status: "fail",
      detail: `The gateway at ${channel.gatewayUrl} ${describeFailure(error, timeoutMs)}; nothing can be posted through it.`,
      fix: `Check that the gateway (WAHA) is running and that this server can reach ${channel.gatewayUrl}. If it moved, ${reconnect.charAt(0).toLowerCase()}${reconnect.slice(1)}`,
    };
  }
  if (response.status === 401 || response.status === 403) {
    return {
      ...base,
      status: "fail",
      detail: `The gateway at ${channel.gatewayUrl} answers but refuses the stored API key (HTTP ${response.status}).`,
      fix: reconnect,
    };
  }
  const listed = sessions.safeParse(await response.json().catch(() => undefined));
  if (!response.ok || !listed.success) {
    return {
      ...base,
      status: "fail",
      detail: `The gateway at ${channel.gatewayUrl} gave an unexpected answer to GET /api/sessions (HTTP ${response.status}); is it a WAHA server?`,
      fix: reconnect,
    };
  }
  const session = listed.data.find((entry) => entry.name === channel.externalAccountId);
  return {
    ...base,
    status: "pass",
    detail: `The gateway at ${channel.gatewayUrl} answers${session?.status ? `; session ${session.name} is ${session.status}` : ""}.`,
    fix: "",
  };
}

/**
 * Whether each channel of the workspace that posts through a self-hosted gateway (a channel whose
 * config names a `gatewayUrl`: WAHA for WhatsApp Status) can reach it. Sandbox channels post to
 * the simulators and disabled ones post nothing, so neither is checked. Each gateway gets a short
 * timeout and all are asked at once, so one dead gateway cannot stall the page.
 */
export async function checkGatewayChannels(
  deps: { db: Db; box: SecretBox },
  scope: { workspaceId: string },
  timeoutMs = 3_000,
): Promise<SetupCheck[]> {
  const rows = await deps.db.channel.findMany({
    where: { workspaceId: scope.workspaceId, sandbox: false, status: { not: "DISABLED" } },
    orderBy: { createdAt: "asc" },
  });
  const gateways: GatewayChannel[] = [];
  for (const row of rows) {
    const config = row.config as Record<string, unknown> | null;
    if (typeof config?.gatewayUrl !== "string") continue;
    gateways.push({ ...row, gatewayUrl: config.gatewayUrl.replace(/\/+$/, "") });
  }
  if (gateways.length === 0) {
    return [
      {
        id: "gateways",
        title: "Gateways",
        status: "skip",
        detail:
          "No channel of this workspace posts through a self-hosted gateway (such as WAHA); sandbox channels post to the simulators.",
        fix: "",
      },
    ];
  }
  return Promise.all(gateways.map((channel) => probeGateway(deps, channel, timeoutMs)));
}
