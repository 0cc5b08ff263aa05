import { z } from "zod";
import { recordAudit } from "@/lib/audit/record-audit";
import { isUniqueViolation } from "@/lib/db/errors";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { assertCan, type WorkspaceContext } from "@/lib/workspaces/context";
import { assertKnownContacts, loadAudienceChannel, readGatewayContacts } from "./audience-channel";
import type { AudienceDeps } from "./audience-deps";
import { contactIdsSchema, listNameSchema } from "./audience-list-input";

const schema = z.object({
  channelId: z.string().trim().min(1).max(100),
  name: listNameSchema,
  contactIds: contactIdsSchema.default([]),
});

export const listNameTaken = (name: string) =>
  new AppError("CONFLICT", `This channel already has a list called "${name}".`, {
    fields: { name: "Already taken." },
  });

/**
 * The trail names the list and counts its contacts; the contact ids are phone numbers, which the
 * audit log (kept longer than the lists, exported whole) has no need to hold.
 */
export function recordAudienceListChange(
  tx: Prisma.TransactionClient,
  ctx: WorkspaceContext,
  action: "audience_list.create" | "audience_list.update" | "audience_list.delete",
  channel: { id: string; brandId: string },
  list: { id: string; name: string; contactIds: string[] },
) {
  return recordAudit(tx, ctx, {
    action,
    entityType: "StatusAudienceList",
    entityId: list.id,
    channelId: channel.id,
    brandId: channel.brandId,
    data: { name: list.name, contacts: list.contactIds.length },
  });
}

/** A new audience list on a channel (EDITOR and above); every contact must be the gateway's. */
export async function createAudienceList(
  deps: AudienceDeps,
  ctx: WorkspaceContext,
  input: z.input<typeof schema>,
) {
  assertCan(ctx, "stories:edit", "manage audience lists");
  const parsed = parseInput(schema, input);
  const channel = await loadAudienceChannel(deps, ctx, parsed.channelId);
  if (parsed.contactIds.length > 0)
    assertKnownContacts(parsed.contactIds, await readGatewayContacts(deps, channel));
  try {
    return await deps.db.$transaction(async (tx) => {
      const list = await tx.statusAudienceList.create({
        data: {
          workspaceId: ctx.workspaceId,
          channelId: channel.id,
          name: parsed.name,
          contactIds: parsed.contactIds,
        },
        select: { id: true, name: true, contactIds: true, createdAt: true, updatedAt: true },
      });
      await recordAudienceListChange(tx, ctx, "audience_list.create", channel, list);
      return list;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw listNameTaken(parsed.name);
    throw error;
  }
}
