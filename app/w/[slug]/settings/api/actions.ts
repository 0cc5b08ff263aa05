"use server";

import { revalidatePath } from "next/cache";
import { type ActionState, runAction } from "@/app/_lib/action-state";
import { requireWorkspace } from "@/app/_lib/workspace";
import { createWorkspaceApiKey } from "@/lib/api-keys/create-workspace-api-key";
import { revokeApiKey } from "@/lib/api-keys/revoke-api-key";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { webWebhookQueue } from "@/lib/queue/webhook-queue";
import { createWebhook } from "@/lib/webhooks/create-webhook";
import { deleteWebhook } from "@/lib/webhooks/delete-webhook";
import { sendTestWebhook } from "@/lib/webhooks/send-test-webhook";

// Each action resolves the caller's context from the session again; the use cases check the role
// (owners and admins) and that the key or webhook belongs to this workspace.

const page = (slug: string) => `/w/${slug}/settings/api`;

/** The new key comes back once, in the action's result; only its hash is stored. */
export async function createApiKeyAction(slug: string, _prev: ActionState, formData: FormData) {
  const ctx = await requireWorkspace(slug);
  return runAction(formData, async () => {
    const created = await createWorkspaceApiKey(db(), ctx, {
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

export async function revokeApiKeyAction(slug: string, apiKeyId: string) {
  const ctx = await requireWorkspace(slug);
  await revokeApiKey({ db: db() }, ctx, apiKeyId);
  revalidatePath(page(slug));
}

export async function createWebhookAction(slug: string, _prev: ActionState, formData: FormData) {
  const ctx = await requireWorkspace(slug);
  return runAction(formData, async () => {
    const config = env();
    const created = await createWebhook(
      { db: db(), box: secretBoxFromEnv(config), allowPrivate: config.ALLOW_PRIVATE_URLS },
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

export async function deleteWebhookAction(slug: string, webhookId: string) {
  const ctx = await requireWorkspace(slug);
  await deleteWebhook(db(), ctx, webhookId);
  revalidatePath(page(slug));
}

export async function sendTestWebhookAction(slug: string, webhookId: string, _prev: ActionState) {
  const ctx = await requireWorkspace(slug);
  return runAction(null, async () => {
    await sendTestWebhook({ db: db(), queue: webWebhookQueue() }, ctx, webhookId);
    revalidatePath(page(slug));
    return { ok: true, message: "Test event queued. Reload to see it in the delivery log." };
  });
}
