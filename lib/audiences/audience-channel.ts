import { authSecret } from "@/lib/channels/credentials";
import { readCredentials } from "@/lib/channels/read-credentials";
import type { DbOrTx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { AudienceContact } from "@/lib/publishers/contract";
import { visibleBrandFilter, type WorkspaceContext } from "@/lib/workspaces/context";
import type { AudienceDeps } from "./audience-deps";

/**
 * The channel whose audience lists are asked for: in the caller's workspace and one of their
 * brands (anything else is NOT_FOUND, never told apart), and on a platform whose adapter can list
 * contacts; the others cannot limit who sees a story, so they have no lists.
 */
export async function loadAudienceChannel(
  deps: Pick<AudienceDeps, "db" | "publisherFor">,
  ctx: WorkspaceContext,
  channelId: string,
  db: DbOrTx = deps.db,
) {
  const channel = await db.channel.findFirst({
    where: { id: channelId, workspaceId: ctx.workspaceId, brand: visibleBrandFilter(ctx) },
    select: {
      id: true,
      workspaceId: true,
      brandId: true,
      platform: true,
      displayName: true,
      externalAccountId: true,
      sandbox: true,
      config: true,
    },
  });
  if (!channel) throw new AppError("NOT_FOUND", "This channel does not exist.");
  if (!deps.publisherFor(channel.platform).listContacts) {
    throw new AppError(
      "INVALID_INPUT",
      "This channel's platform does not let StoryRelay choose who sees a story.",
      {
        fields: { channelId: "No audience to choose on this platform." },
      },
    );
  }
  return channel;
}

export type AudienceChannel = Awaited<ReturnType<typeof loadAudienceChannel>>;

/** The gateway's contacts of the channel, read live (never stored beyond the ids a list keeps). */
export async function readGatewayContacts(
  deps: AudienceDeps,
  channel: AudienceChannel,
): Promise<AudienceContact[]> {
  const publisher = deps.publisherFor(channel.platform);
  const secret = authSecret(await readCredentials(deps.db, deps.box, channel));
  const account = {
    externalAccountId: channel.externalAccountId,
    secret,
    config: (channel.config ?? {}) as Record<string, unknown>,
  };
  return (await publisher.listContacts?.(account, deps.endpointsFor(channel))) ?? [];
}

/** Refuses ids the gateway does not know, naming the first few, so a list holds only real contacts. */
export function assertKnownContacts(
  contactIds: readonly string[],
  contacts: readonly AudienceContact[],
): void {
  const known = new Set(contacts.map((c) => c.id));
  const unknown = contactIds.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new AppError(
      "INVALID_INPUT",
      `Not a contact of this WhatsApp number: ${unknown.slice(0, 3).join(", ")}.`,
      {
        fields: { contactIds: `${unknown.length} unknown contact${unknown.length === 1 ? "" : "s"}.` },
      },
    );
  }
}
