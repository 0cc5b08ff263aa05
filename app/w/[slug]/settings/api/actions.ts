"use server";

import { revalidatePath } from "next/cache";
import type { ActionState } from "@/app/_lib/action-state";
import { workspaceAction } from "@/app/_lib/server-action";
import { requireFreshPassword } from "@/app/_lib/session";
import { createWorkspaceApiKey } from "@/lib/api-keys/create-workspace-api-key";
import { revokeApiKey } from "@/lib/api-keys/revoke-api-key";
import { createWebhook } from "@/lib/webhooks/create-webhook";
import { deleteWebhook } from "@/lib/webhooks/delete-webhook";
import { sendTestWebhook } from "@/lib/webhooks/send-test-webhook";

// The use cases check the role (owners and admins) and that the key or webhook belongs to this
// workspace; workspaceAction resolves the caller's context and answers every refusal as form state.

const page = (slug: string) => `/w/${slug}/settings/api`;

/** The new key comes back once, in the action's result; only its hash is stored. */
export async function createApiKeyAction(slug: string, _prev: ActionState, formData: FormData) {
  return workspaceAction(slug, { form: formData }, async (ctx, deps) => {
    await requireFreshPassword("create an API key");
    const created = await createWorkspaceApiKey(deps.db, ctx, {
      name: String(formData.get("name") ?? ""),
      role: String(formData.get("role") ?? "") as never,
    });
    revalidatePath(page(slug));
    return {
      ok: true,
      message: `Key "${created.name}" created. Copy it now: it is not shown again.`,
      data: { key: created.key },
    };
  });
}

export async function revokeApiKeyAction(
  slug: string,
  apiKeyId: string,
  _prev: ActionState,
  formData: FormData,
) {
  return workspaceAction(slug, { args: { apiKeyId }, form: formData }, async (ctx, deps) => {
    await revokeApiKey({ db: deps.db }, ctx, apiKeyId);
    revalidatePath(page(slug));
    return { ok: true, message: "Key revoked." };
  });
}

export async function createWebhookAction(slug: string, _prev: ActionState, formData: FormData) {
  return workspaceAction(slug, { form: formData }, async (ctx, deps) => {
    const created = await createWebhook(
      { db: deps.db, box: deps.box, allowPrivate: deps.env.ALLOW_PRIVATE_URLS },
      ctx,
      { url: String(formData.get("url") ?? ""), events: formData.getAll("events").map(String) as never },
    );
    revalidatePath(page(slug));
    return {
      ok: true,
      message: "Webhook added. Copy its signing secret now: it is not shown again.",
      data: { secret: created.secret },
    };
  });
}

export async function deleteWebhookAction(
  slug: string,
  webhookId: string,
  _prev: ActionState,
  formData: FormData,
) {
  return workspaceAction(slug, { args: { webhookId }, form: formData }, async (ctx, deps) => {
    await deleteWebhook(deps.db, ctx, webhookId);
    revalidatePath(page(slug));
    return { ok: true, message: "Webhook deleted." };
  });
}

export async function sendTestWebhookAction(slug: string, webhookId: string, _prev: ActionState) {
  return workspaceAction(slug, { args: { webhookId } }, async (ctx, deps) => {
    await sendTestWebhook({ db: deps.db, queue: deps.webhookQueue }, ctx, webhookId);
    revalidatePath(page(slug));
    return { ok: true, message: "Test event queued. Reload to see it in the delivery log." };
  });
}
