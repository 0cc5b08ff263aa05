import { platformDescriptor, type StoryPlatform } from "@/lib/core/platforms/registry";
import type { SecretBox } from "@/lib/crypto/secret-box";
import type { Db } from "@/lib/db/client";
import { messageOf } from "@/lib/errors";
import type { Logger } from "@/lib/logger";
import { authSecret } from "./credentials";
import { readCredentials } from "./read-credentials";

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
  fetch?: typeof fetch;
}): Promise<number> {
  const doFetch = deps.fetch ?? fetch;
  const channels = await deps.db.channel.findMany({
    where: { sandbox: true, status: { not: "DISABLED" } },
    select: { id: true, workspaceId: true, platform: true, externalAccountId: true, displayName: true },
  });
  let registered = 0;
  for (const channel of channels) {
    let secret: string;
    try {
      secret = authSecret(await readCredentials(deps.db, deps.box, channel));
    } catch (error) {
      // One unreadable row (ENCRYPTION_KEY replaced, say) must not keep every other channel
      // out of the sandbox; the channel itself fails visibly when it next publishes.
      deps.logger.warn(
        { channelId: channel.id, reason: messageOf(error) },
        "skipping sandbox channel whose credentials cannot be read",
      );
      continue;
    }
    await registerSandboxAccount({ simulatorUrl: deps.simulatorUrl, fetch: doFetch }, channel, secret);
    registered++;
  }
  deps.logger.debug({ count: registered }, "sandbox accounts registered with the simulators");
  return registered;
}

/** Tells the simulators one sandbox account and its token (an account they know is a no-op). */
export async function registerSandboxAccount(
  deps: { simulatorUrl: string; fetch?: typeof fetch },
  channel: { platform: StoryPlatform; externalAccountId: string; displayName: string },
  secret: string,
): Promise<void> {
  const response = await (deps.fetch ?? fetch)(`${deps.simulatorUrl}/_sim/accounts`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      platform: platformDescriptor(channel.platform).sandbox.simulatorName,
      id: channel.externalAccountId,
      name: channel.displayName,
      token: secret,
    }),
  });
  if (!response.ok) {
    throw new Error(
      `Simulator refused account ${channel.externalAccountId}: HTTP ${response.status} ${await response.text()}`,
    );
  }
}
