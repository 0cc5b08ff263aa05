import "server-only";
import type { Platform } from "@/lib/db/generated/enums";
import { publisherFor } from "@/lib/publishers/registry";

/** The channels whose adapter can limit who sees a status: asked of the adapter, not by name. */
export function audienceChannelIds(channels: readonly { id: string; platform: Platform }[]): string[] {
  return channels.filter((c) => publisherFor(c.platform).listContacts !== undefined).map((c) => c.id);
}
