import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { assertCan, type WorkspaceContext } from "@/lib/workspaces/context";

export async function deleteSavedReply(db: Db, ctx: WorkspaceContext, savedReplyId: string) {
  assertCan(ctx, "inbox:reply", "delete saved replies");
  const deleted = await db.savedReply.deleteMany({
    where: { id: savedReplyId, workspaceId: ctx.workspaceId },
  });
  if (deleted.count === 0) throw new AppError("NOT_FOUND", "This saved reply does not exist.");
}
