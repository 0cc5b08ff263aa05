import { authSecret } from "@/lib/channels/credentials";
import { openCredentials } from "@/lib/channels/read-credentials";
import type { Db } from "@/lib/db/client";
import { messageOf } from "@/lib/errors";
import type { HardDeleteDeps } from "./deletion-deps";

/** What one channel's revocation came to; recorded with the deletion, never blocking it. */
export type Revocation = {
  channelId: string;
  platform: string;
  outcome: "revoked" | "failed" | "not_supported" | "no_credentials";
  reason?: string;
};

/**
 * Asks each platform to forget our access to the channels being deleted (Meta's permission
 * revocation, a WAHA session's logout) through the adapter's `revokeAccess`. Best-effort: a
 * platform that refuses or is down is recorded and the deletion goes on, because the person asked
 * for their data to go and the token dies with its row anyway.
 */
export async function revokeChannelAccess(
  deps: Pick<HardDeleteDeps, "box" | "publisherFor" | "endpointsFor" | "logger"> & { db: Db },
  where: { workspaceId: string; brandId?: string },
): Promise<Revocation[]> {
  const channels = await deps.db.channel.findMany({
    where,
    select: {
      id: true,
      workspaceId: true,
      platform: true,
      sandbox: true,
      config: true,
      externalAccountId: true,
      credential: { select: { keyId: true, iv: true, authTag: true, ciphertext: true } },
    },
  });
  const results: Revocation[] = [];
  for (const channel of channels) {
    const publisher = deps.publisherFor(channel.platform);
    const base = { channelId: channel.id, platform: channel.platform };
    if (!publisher.revokeAccess) {
      results.push({ ...base, outcome: "not_supported" });
      continue;
    }
    if (!channel.credential) {
      results.push({ ...base, outcome: "no_credentials" });
      continue;
    }
    try {
      const secret = authSecret(openCredentials(deps.box, channel.credential, channel));
      await publisher.revokeAccess(
        {
          externalAccountId: channel.externalAccountId,
          secret,
          config: (channel.config ?? {}) as Record<string, unknown>,
        },
        deps.endpointsFor(channel),
      );
      results.push({ ...base, outcome: "revoked" });
    } catch (error) {
      const reason = messageOf(error).slice(0, 300);
      deps.logger.warn(
        { channelId: channel.id, reason },
        "revocation at the platform failed; deleting anyway",
      );
      results.push({ ...base, outcome: "failed", reason });
    }
  }
  return results;
}
