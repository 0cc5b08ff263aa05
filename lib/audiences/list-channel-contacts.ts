import { z } from "zod";
import { parseInput } from "@/lib/validation";
import { assertCan, type WorkspaceContext } from "@/lib/workspaces/context";
import { loadAudienceChannel, readGatewayContacts } from "./audience-channel";
import type { AudienceDeps } from "./audience-deps";

const schema = z.object({
  channelId: z.string().trim().min(1).max(100),
  search: z.string().trim().max(100).optional(),
});

/**
 * The channel's contacts as its gateway lists them now, sorted by name, optionally those whose
 * name, number or id holds `search` (any case). Everyone who sees the channel may read them.
 */
export async function listChannelContacts(
  deps: AudienceDeps,
  ctx: WorkspaceContext,
  input: z.input<typeof schema>,
) {
  assertCan(ctx, "stories:view", "see a channel's contacts");
  const { channelId, search } = parseInput(schema, input);
  const channel = await loadAudienceChannel(deps, ctx, channelId);
  const contacts = await readGatewayContacts(deps, channel);
  const needle = search?.toLocaleLowerCase();
  return contacts
    .filter(
      (c) => !needle || [c.name, c.number, c.id].some((field) => field?.toLocaleLowerCase().includes(needle)),
    )
    .sort((a, b) => (a.name ?? a.id).localeCompare(b.name ?? b.id));
}
