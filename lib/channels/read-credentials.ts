import type { Sealed, SecretBox } from "@/lib/crypto/secret-box";
import type { DbOrTx } from "@/lib/db/client";
import type { Platform } from "@/lib/db/generated/enums";
import { AppError } from "@/lib/errors";
import { type ChannelCredentials, credentialSchemas } from "./credentials";

/**
 * Decrypts a channel's credentials. Only publishers and account checks call this; the result
 * must never reach a page, a log line or an API response.
 */
export async function readCredentials<P extends Platform>(
  db: DbOrTx,
  box: SecretBox,
  channel: { id: string; workspaceId: string; platform: P },
): Promise<ChannelCredentials> {
  const row = await db.channelCredential.findFirst({
    where: { channelId: channel.id, workspaceId: channel.workspaceId },
  });
  return openCredentials(box, row, channel);
}

/** Decrypts credentials already read (the publish pipeline loads them with the target). */
export function openCredentials<P extends Platform>(
  box: SecretBox,
  sealed: Sealed | null,
  channel: { id: string; platform: P },
): ChannelCredentials {
  if (!sealed) throw new AppError("NOT_FOUND", "This channel has no stored credentials. Reconnect it.");
  const plain = box.open(sealed, channel.id);
  return credentialSchemas[channel.platform].parse(JSON.parse(plain));
}
