import type { Db } from "@/lib/db/client";
import { assertCan, type WorkspaceContext } from "@/lib/workspaces/context";

/** The workspace's endpoints, without their secrets. */
export async function listWebhooks(db: Db, ctx: WorkspaceContext) {
  assertCan(ctx, "workspace:manage", "see webhooks");
  return db.webhook.findMany({
    where: { workspaceId: ctx.workspaceId },
    orderBy: { createdAt: "asc" },
    select: { id: true, url: true, events: true, active: true, createdAt: true },
  });
}
