import type { SecretBox } from "@/lib/crypto/secret-box";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { assertCan, type WorkspaceContext } from "@/lib/workspaces/context";
import { escapeChat } from "./chat-text";
import { type ChatPostConfig, openChatUrl, postChat } from "./post-chat";

/**
 * The settings page's "Send test": one message posted now, not through the outbox, so the
 * person sees the receiver's answer (or the network's error) beside the button. A receiver's
 * refusal is a result, not an error: the use case did its job.
 */
export async function sendTestChatMessage(
  deps: { db: Db; box: SecretBox; post: ChatPostConfig; baseUrl: string },
  ctx: WorkspaceContext,
) {
  assertCan(ctx, "workspace:manage", "test the chat webhook");
  const hook = await deps.db.chatWebhook.findUnique({ where: { workspaceId: ctx.workspaceId } });
  if (!hook) throw new AppError("NOT_FOUND", "Save a chat webhook URL first, then send a test.");
  let url: string;
  try {
    url = openChatUrl(deps.box, ctx.workspaceId, hook);
  } catch {
    throw new AppError(
      "CONFLICT",
      "The saved URL cannot be decrypted (was ENCRYPTION_KEY changed?). Save the URL again.",
    );
  }
  const text = `*StoryRelay test* from ${escapeChat(ctx.workspaceName)}: notifications will be posted here. <${deps.baseUrl}/w/${ctx.workspaceSlug}|Open the dashboard>`;
  const result = await postChat(url, text, deps.post);
  return {
    delivered: result.error === null,
    statusCode: result.statusCode,
    error: result.error,
    host: hook.urlHost,
  };
}
