import { z } from "zod";
import type { DbOrTx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { WorkspaceContext } from "@/lib/workspaces/context";

/** A story's audience on one channel, as the composer and the API send it. */
export const targetAudienceSchema = z.object({
  channelId: z.string().trim().min(1).max(100),
  mode: z.enum(["ONLY", "EXCEPT"]),
  listId: z.string().trim().min(1).max(100),
});

export type TargetAudienceInput = z.output<typeof targetAudienceSchema>;

/**
 * Writes the audiences of a story's targets inside the caller's transaction, copying each list's
 * contacts now (decision 033). Lists exist only on channels whose adapter can limit a status, so a
 * list of this channel is proof enough; another channel's or workspace's list is NOT_FOUND.
 * The caller has checked the role and that the story is the caller's to change.
 */
export async function writeTargetAudiences(
  tx: DbOrTx,
  ctx: WorkspaceContext,
  storyId: string,
  audiences: readonly TargetAudienceInput[],
): Promise<void> {
  for (const audience of audiences) {
    const target = await tx.storyTarget.findFirst({
      where: { storyId, channelId: audience.channelId, workspaceId: ctx.workspaceId },
      select: { id: true },
    });
    if (!target) throw new AppError("NOT_FOUND", "This story does not go to this channel.");
    const list = await tx.statusAudienceList.findFirst({
      where: { id: audience.listId, channelId: audience.channelId, workspaceId: ctx.workspaceId },
      select: { id: true, name: true, contactIds: true },
    });
    if (!list) throw new AppError("NOT_FOUND", "This audience list does not exist on this channel.");
    if (audience.mode === "ONLY" && list.contactIds.length === 0) {
      throw new AppError(
        "INVALID_INPUT",
        `The list "${list.name}" has no contacts: the story would reach nobody.`,
        {
          fields: { audiences: "Empty list." },
        },
      );
    }
    const data = { mode: audience.mode, listId: list.id, listName: list.name, contactIds: list.contactIds };
    await tx.targetAudience.upsert({
      where: { targetId_workspaceId: { targetId: target.id, workspaceId: ctx.workspaceId } },
      create: { targetId: target.id, workspaceId: ctx.workspaceId, ...data },
      update: data,
    });
  }
}
