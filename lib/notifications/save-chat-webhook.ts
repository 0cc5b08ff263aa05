import { z } from "zod";
import { recordAudit } from "@/lib/audit/record-audit";
import type { SecretBox } from "@/lib/crypto/secret-box";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { checkWebhookUrl } from "@/lib/webhooks/check-webhook-url";
import { assertCan, type WorkspaceContext } from "@/lib/workspaces/context";
import { NOTIFICATION_KINDS, type NotificationKind } from "./notify";
import { chatUrlContext } from "./post-chat";

export const saveChatWebhookSchema = z.strictObject({
  /** Empty keeps the URL already saved (it is never shown again, so the form cannot resend it). */
  url: z.string().trim().max(2_000).default(""),
  kinds: z
    .array(
      z.enum(NOTIFICATION_KINDS as [NotificationKind, ...NotificationKind[]], "Unknown notification kind."),
    )
    .min(1, "Choose at least one kind of notification to post."),
});

/** How a saved URL is shown: its host and its last characters, enough to tell two apart. */
export function chatUrlHint(url: string): { urlHost: string; urlTail: string } {
  const parsed = new URL(url);
  return { urlHost: parsed.host, urlTail: url.slice(-4) };
}

/**
 * Sets the workspace's Slack-compatible incoming webhook and which notification kinds it posts.
 * The URL is its credential: checked against the URL policy, sealed at rest, never returned.
 */
export async function saveChatWebhook(
  deps: { db: Db; box: SecretBox; allowPrivate: boolean },
  ctx: WorkspaceContext,
  // Checked by the schema: a form's checkboxes arrive as plain strings.
  input: { url?: string; kinds: readonly string[] },
) {
  assertCan(ctx, "workspace:manage", "set the chat webhook");
  const fields = parseInput(saveChatWebhookSchema, input);
  const kinds = [...new Set(fields.kinds)];
  const existing = await deps.db.chatWebhook.findUnique({
    where: { workspaceId: ctx.workspaceId },
    select: { id: true },
  });
  if (!fields.url && !existing) {
    throw new AppError("INVALID_INPUT", "Paste the incoming webhook URL from Slack, Mattermost or Discord.", {
      fields: { url: "Paste the incoming webhook URL from Slack, Mattermost or Discord." },
    });
  }
  const sealed = fields.url
    ? await (async () => {
        const url = await checkWebhookUrl(fields.url, deps.allowPrivate);
        const box = deps.box.seal(url, chatUrlContext(ctx.workspaceId));
        return {
          ...chatUrlHint(url),
          urlKeyId: box.keyId,
          urlIv: box.iv,
          urlTag: box.authTag,
          urlCiphertext: box.ciphertext,
        };
      })()
    : null;
  return deps.db.$transaction(async (tx) => {
    const saved = sealed
      ? await tx.chatWebhook.upsert({
          where: { workspaceId: ctx.workspaceId },
          create: { workspaceId: ctx.workspaceId, kinds, ...sealed },
          update: { kinds, ...sealed },
          select: { id: true, urlHost: true, urlTail: true, kinds: true },
        })
      : await tx.chatWebhook.update({
          where: { workspaceId: ctx.workspaceId },
          data: { kinds },
          select: { id: true, urlHost: true, urlTail: true, kinds: true },
        });
    await recordAudit(tx, ctx, {
      action: "chat_webhook.save",
      entityType: "ChatWebhook",
      entityId: saved.id,
      data: { host: saved.urlHost, kinds, urlChanged: sealed !== null },
    });
    return saved;
  });
}
