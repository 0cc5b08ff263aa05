import { platformDescriptor, type StoryPlatform } from "@/lib/core/platforms/registry";
import type { SecretBox } from "@/lib/crypto/secret-box";
import type { Db } from "@/lib/db/client";
import { messageOf } from "@/lib/errors";
import type { Logger } from "@/lib/logger";
import type { PublisherEndpoints } from "@/lib/publishers/contract";
import { redact, sendHttp } from "@/lib/publishers/http";
import type { InboundHook } from "@/lib/publishers/inbound-contract";
import { inboundAdapterFor } from "@/lib/publishers/inbound-registry";
import { authSecret } from "./credentials";
import { openCredentials } from "./read-credentials";

/**
 * Makes sure the simulators know every sandbox channel's account and token. The simulators keep
 * state in memory, so workers run this at start and every minute; creating an account that
 * exists is a no-op on the simulator side. Returns how many accounts were registered.
 */
export async function registerSandboxAccounts(deps: {
  db: Db;
  box: SecretBox;
  simulatorUrl: string;
  logger: Logger;
  /**
   * Where sandbox accounts' messaging deliveries go, for platforms whose account is subscribed by
   * an API call (a WAHA session's webhooks): the sandbox endpoints and each channel's URL and key.
   */
  inbound?: { endpoints: PublisherEndpoints; hookFor: (channelId: string) => InboundHook };
}): Promise<number> {
  // With their credentials in the same query: a bench or a big demo has thousands of channels,
  // and every worker runs this at start.
  const channels = await deps.db.channel.findMany({
    where: { sandbox: true, status: { not: "DISABLED" } },
    select: {
      id: true,
      workspaceId: true,
      platform: true,
      externalAccountId: true,
      displayName: true,
      credential: { select: { keyId: true, iv: true, authTag: true, ciphertext: true } },
    },
  });
  let registered = 0;
  for (const channel of channels) {
    let secret: string;
    try {
      secret = authSecret(openCredentials(deps.box, channel.credential, channel));
    } catch (error) {
      // One unreadable row (ENCRYPTION_KEY replaced, say) must not keep every other channel
      // out of the sandbox; the channel itself fails visibly when it next publishes.
      deps.logger.warn(
        { channelId: channel.id, reason: messageOf(error) },
        "skipping sandbox channel whose credentials cannot be read",
      );
      continue;
    }
    await registerSandboxAccount({ simulatorUrl: deps.simulatorUrl }, channel, secret);
    registered++;
    const subscribe = inboundAdapterFor(channel.platform).subscribe;
    if (deps.inbound && subscribe) {
      await subscribe(
        { externalAccountId: channel.externalAccountId, secret, config: {} },
        deps.inbound.endpoints,
        deps.inbound.hookFor(channel.id),
      ).catch((error: unknown) =>
        // The account still publishes; only its replies wait for the next registration.
        deps.logger.warn(
          { channelId: channel.id, reason: messageOf(error) },
          "could not point the sandbox account's webhooks at StoryRelay",
        ),
      );
    }
  }
  deps.logger.debug({ count: registered }, "sandbox accounts registered with the simulators");
  return registered;
}

/** How long the simulators may take to learn one account. */
const REGISTER_TIMEOUT_MS = 10_000;

/**
 * Tells the simulators one sandbox account and its token (an account they know is a no-op).
 * Through node:http like the publishers (lib/publishers/http.ts): a bench or a big demo registers
 * thousands at every worker's start, and fetch() costs several times the CPU per call.
 */
export async function registerSandboxAccount(
  deps: { simulatorUrl: string },
  channel: { platform: StoryPlatform; externalAccountId: string; displayName: string },
  secret: string,
): Promise<void> {
  const answer = await sendHttp(
    `${deps.simulatorUrl}/_sim/accounts`,
    {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        platform: platformDescriptor(channel.platform).sandbox.simulatorName,
        id: channel.externalAccountId,
        name: channel.displayName,
        token: secret,
      }),
    },
    { timeoutMs: REGISTER_TIMEOUT_MS, secrets: [secret], platformLabel: "The sandbox simulators" },
  );
  if (answer.status < 200 || answer.status >= 300) {
    throw new Error(
      `Simulator refused account ${channel.externalAccountId}: HTTP ${answer.status} ${redact(answer.text, [secret])}`,
    );
  }
}
