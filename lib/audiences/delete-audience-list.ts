import { z } from "zod";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { assertCan, type WorkspaceContext } from "@/lib/workspaces/context";
import { loadAudienceChannel } from "./audience-channel";
import type { AudienceDeps } from "./audience-deps";
import { recordAudienceListChange } from "./create-audience-list";

const schema = z.object({ listId: z.string().trim().min(1).max(100) });

/** Deletes a list (EDITOR and above); stories scheduled with it keep their copied contacts. */
export async function deleteAudienceList(
  deps: Pick<AudienceDeps, "db" | "publisherFor">,
  ctx: WorkspaceContext,
  input: z.input<typeof schema>,
) {
  assertCan(ctx, "stories:edit", "manage audience lists");
  const { listId } = parseInput(schema, input);
  const list = await deps.db.statusAudienceList.findFirst({
    where: { id: listId, workspaceId: ctx.workspaceId },
    select: { id: true, channelId: true, name: true, contactIds: true },
  });
  if (!list) throw new AppError("NOT_FOUND", "This audience list does not exist.");
  // The channel check also hides a list of a brand the caller cannot see.
  const channel = await loadAudienceChannel(deps, ctx, list.channelId);
  await deps.db.$transaction(async (tx) => {
    const { count } = await tx.statusAudienceList.deleteMany({
      where: { id: list.id, workspaceId: ctx.workspaceId },
    });
    if (count > 0) await recordAudienceListChange(tx, ctx, "audience_list.delete", channel, list);
  });
}
