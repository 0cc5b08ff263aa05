"use server";

import { revalidatePath } from "next/cache";
import type { ActionState } from "@/app/_lib/action-state";
import { workspaceAction } from "@/app/_lib/server-action";
import { removeChatWebhook } from "@/lib/notifications/remove-chat-webhook";
import { saveChatWebhook } from "@/lib/notifications/save-chat-webhook";
import { sendTestChatMessage } from "@/lib/notifications/send-test-chat-message";

// The settings page's chat webhook (owners and admins; the use cases check).

export async function saveChatWebhookAction(slug: string, _prev: ActionState, formData: FormData) {
  return workspaceAction(slug, { form: formData }, async (ctx, deps) => {
    const saved = await saveChatWebhook(
      { db: deps.db, box: deps.box, allowPrivate: deps.env.ALLOW_PRIVATE_URLS },
      ctx,
      { url: String(formData.get("url") ?? ""), kinds: formData.getAll("kinds").map(String) },
    );
    revalidatePath(`/w/${slug}/settings`);
    return {
      ok: true,
      message: `Chat webhook saved (${saved.urlHost}, …${saved.urlTail}). Send a test to check it.`,
    };
  });
}

export async function sendTestChatAction(slug: string, _prev: ActionState, formData: FormData) {
  return workspaceAction(slug, { form: formData }, async (ctx, deps) => {
    const result = await sendTestChatMessage(
      {
        db: deps.db,
        box: deps.box,
        post: { allowPrivate: deps.env.ALLOW_PRIVATE_URLS, deadlineMs: deps.env.WEBHOOK_DEADLINE_MS },
        baseUrl: deps.env.PUBLIC_BASE_URL,
      },
      ctx,
    );
    if (!result.delivered)
      return { ok: false, message: `Test not delivered to ${result.host}. ${result.error}` };
    return { ok: true, message: `Test delivered: ${result.host} answered HTTP ${result.statusCode}.` };
  });
}

export async function removeChatWebhookAction(slug: string, _prev: ActionState, formData: FormData) {
  return workspaceAction(slug, { form: formData }, async (ctx, deps) => {
    await removeChatWebhook(deps.db, ctx);
    revalidatePath(`/w/${slug}/settings`);
    return { ok: true, message: "Chat webhook removed: nothing more is posted." };
  });
}
