import { randomBytes } from "node:crypto";
import { platformDescriptor } from "@/lib/core/platforms/registry";
import type { SecretBox } from "@/lib/crypto/secret-box";
import type { DbOrTx } from "@/lib/db/client";
import type { Platform } from "@/lib/db/generated/enums";
import { type ChannelCredentials, channelConfigSchemas, credentialSchemas } from "./credentials";

/** A secret wrapped in the credential shape of its platform. */
export function sandboxCredentials(
  platform: Platform,
  secret = `sandbox_${randomBytes(24).toString("base64url")}`,
): ChannelCredentials {
  return credentialSchemas[platform].parse(platformDescriptor(platform).sandbox.credentials(secret));
}

/** An account id shaped like the platform's own (Instagram user ids start 17841…). */
export function sandboxAccountId(platform: Platform): string {
  return platformDescriptor(platform).sandbox.accountId(randomBytes(6));
}

/**
 * A channel that publishes to the bundled simulators, with fresh random credentials sealed at
 * rest like real ones. The simulator learns the account from the workers at start-up
 * (register-sandbox-accounts), so sandbox channels survive simulator restarts.
 */
export async function createSandboxChannel(
  tx: DbOrTx,
  box: SecretBox,
  input: { workspaceId: string; brandId: string; platform: Platform; brandName: string },
) {
  const externalAccountId = sandboxAccountId(input.platform);
  const channel = await tx.channel.create({
    data: {
      workspaceId: input.workspaceId,
      brandId: input.brandId,
      platform: input.platform,
      externalAccountId,
      displayName: `${input.brandName} · ${platformDescriptor(input.platform).sandbox.label} (sandbox)`,
      sandbox: true,
      config: channelConfigSchemas[input.platform].parse({}),
    },
  });
  const sealed = box.seal(JSON.stringify(sandboxCredentials(input.platform)), channel.id);
  await tx.channelCredential.create({
    data: { workspaceId: input.workspaceId, channelId: channel.id, ...sealed },
  });
  return channel;
}
