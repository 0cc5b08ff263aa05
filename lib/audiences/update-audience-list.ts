import { z } from "zod";
import { isUniqueViolation } from "@/lib/db/errors";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { assertCan, type WorkspaceContext } from "@/lib/workspaces/context";
import { assertKnownContacts, loadAudienceChannel, readGatewayContacts } from "./audience-channel";
import type { AudienceDeps } from "./audience-deps";
import { contactIdsSchema, listNameSchema } from "./audience-list-input";
import { listNameTaken, recordAudienceListChange } from "./create-audience-list";

const schema = z.object({
  listId: z.string().trim().min(1).max(100),
  name: listNameSchema.optional(),
  /** The whole new membership... */
  contactIds: contactIdsSchema.optional(),
  /** ...or contacts to add and to remove (the page's buttons), applied to the stored list. */
  add: contactIdsSchema.optional(),
  remove: contactIdsSchema.optional(),
});

/**
 * Renames a list or replaces its contacts (EDITOR and above). Stories already scheduled with it
 * keep the contacts they were given (decision 033).
 */
export async function updateAudienceList(
  deps: AudienceDeps,
  ctx: WorkspaceContext,
  input: z.input<typeof schema>,
) {
  assertCan(ctx, "stories:edit", "manage audience lists");
  const parsed = parseInput(schema, input);
  const list = await deps.db.statusAudienceList.findFirst({
    where: { id: parsed.listId, workspaceId: ctx.workspaceId },
    select: { id: true, channelId: true, contactIds: true },
  });
  if (!list) throw new AppError("NOT_FOUND", "This audience list does not exist.");
  const channel = await loadAudienceChannel(deps, ctx, list.channelId);
  const added = [...(parsed.contactIds ?? []), ...(parsed.add ?? [])];
  if (added.length > 0) assertKnownContacts(added, await readGatewayContacts(deps, channel));
  const removed = new Set(parsed.remove ?? []);
  const contactIds =
    parsed.contactIds ??
    (parsed.add || parsed.remove
      ? [...new Set([...list.contactIds, ...(parsed.add ?? [])])].filter((id) => !removed.has(id))
      : undefined);
  try {
    return await deps.db.$transaction(async (tx) => {
      const updated = await tx.statusAudienceList.update({
        where: { id_workspaceId: { id: list.id, workspaceId: ctx.workspaceId } },
        data: { name: parsed.name, contactIds },
        select: { id: true, name: true, contactIds: true, createdAt: true, updatedAt: true },
      });
      await recordAudienceListChange(tx, ctx, "audience_list.update", channel, updated);
      return updated;
    });
  } catch (error) {
    if (isUniqueViolation(error) && parsed.name) throw listNameTaken(parsed.name);
    throw error;
  }
}
