import type { Db } from "@/lib/db/client";
import { assertCan, type WorkspaceContext } from "@/lib/workspaces/context";
import { handoffAssignee } from "./hand-off-target";

/** Enough for a person's list; a workspace with more open handoffs has a bigger problem. */
const LIMIT = 100;

/**
 * Stories waiting for someone to post them by hand, oldest due first, in the brands the member
 * can see, each saying whether it is handed to the member asking (`mine`).
 */
export async function listOpenHandoffs(db: Db, ctx: WorkspaceContext) {
  assertCan(ctx, "stories:view", "see stories");
  const targets = await db.storyTarget.findMany({
    where: {
      workspaceId: ctx.workspaceId,
      state: "AWAITING_PERSON",
      ...(ctx.brandIds === null ? {} : { story: { brandId: { in: ctx.brandIds } } }),
    },
    orderBy: [{ story: { scheduledAt: "asc" } }, { id: "asc" }],
    take: LIMIT,
    select: {
      id: true,
      story: {
        select: {
          id: true,
          title: true,
          scheduledAt: true,
          authorId: true,
          brand: { select: { name: true } },
        },
      },
      channel: { select: { platform: true, displayName: true, status: true, sandbox: true, config: true } },
    },
  });
  return targets.map(({ channel: { config, ...channel }, story: { authorId, ...story }, id }) => ({
    id,
    story,
    channel,
    mine: ctx.userId !== null && handoffAssignee({ config }, { authorId }) === ctx.userId,
  }));
}
