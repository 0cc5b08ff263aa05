import type { SecretBox } from "@/lib/crypto/secret-box";
import type { Db } from "@/lib/db/client";
import type { PublisherEndpoints, PublisherPlatform, StoryPublisher } from "@/lib/publishers/contract";

/** What the audience use cases need: the database, and the adapters to read a gateway's contacts. */
export type AudienceDeps = {
  db: Db;
  box: SecretBox;
  publisherFor(platform: PublisherPlatform): StoryPublisher;
  endpointsFor(channel: { sandbox: boolean }): PublisherEndpoints;
};
