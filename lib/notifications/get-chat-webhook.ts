import type { Db } from "@/lib/db/client";
import { assertCan, type WorkspaceContext } from "@/lib/workspaces/context";

/** The chat webhook as the settings page shows it (host and last characters, never the URL) and its latest posts. */
export async function getChatWebhook(db: Db, ctx: WorkspaceContext) {
  assertCan(ctx, "workspace:manage", "see the chat webhook");
  const hook = await db.chatWebhook.findUnique({
    where: { workspaceId: ctx.workspaceId },
    select: { id: true, urlHost: true, urlTail: true, kinds: true, createdAt: true, updatedAt: true },
  });
  if (!hook) return null;
  // Served by ChatMessage(workspaceId, createdAt).
  const recent = await db.chatMessage.findMany({
    where: { workspaceId: ctx.workspaceId },
    orderBy: { createdAt: "desc" },
    take: 5,
    select: {
      id: true,
      kind: true,
      status: true,
      attempts: true,
      lastStatusCode: true,
      lastError: true,
      createdAt: true,
    },
  });
  return { ...hook, recent };
}
