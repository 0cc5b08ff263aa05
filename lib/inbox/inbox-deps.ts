import type { Redis } from "ioredis";
import type { SecretBox } from "@/lib/crypto/secret-box";
import type { Db } from "@/lib/db/client";
import type { PublisherEndpoints, PublisherPlatform } from "@/lib/publishers/contract";
import type { MessagingSender } from "@/lib/publishers/messaging-contract";

/** What the inbox's changing use cases need: the database, and Redis for the live events after commit. */
export type InboxDeps = { db: Db; redis: Redis; now?: () => Date };

/** What answering needs besides: the channel's sealed credentials, where to call, whom, and media links. */
export type SendReplyDeps = InboxDeps & {
  box: SecretBox;
  endpointsFor(channel: { sandbox: boolean }): PublisherEndpoints;
  senderFor(platform: PublisherPlatform): MessagingSender;
  /** A signed public URL of a stored file, for image replies the platform fetches. */
  mediaUrlFor(asset: { storageKey: string }): string;
};
