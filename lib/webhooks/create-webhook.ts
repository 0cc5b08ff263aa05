import { randomBytes, randomUUID } from "node:crypto";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record-audit";
import type { SecretBox } from "@/lib/crypto/secret-box";
import type { Db } from "@/lib/db/client";
import { parseInput } from "@/lib/validation";
import { assertCan, type WorkspaceContext } from "@/lib/workspaces/context";
import { checkWebhookUrl } from "./check-webhook-url";
import { WEBHOOK_EVENTS } from "./events";

export const createWebhookSchema = z.object({
  url: z.string().trim().min(1, "Enter the endpoint's URL.").max(2_000),
  events: z.array(z.enum(WEBHOOK_EVENTS, "Unknown event.")).min(1, "Choose at least one event."),
});

/** Seals a webhook's secret bound to its row, so a ciphertext copied to another row fails to open. */
export const webhookSecretContext = (webhookId: string) => `webhook:${webhookId}`;

/**
 * Adds an endpoint for the workspace's events and returns its signing secret once; only the
 * encrypted secret is stored (it must be readable to sign, so it cannot be hashed).
 */
export async function createWebhook(
  deps: { db: Db; box: SecretBox; allowPrivate: boolean },
  ctx: WorkspaceContext,
  input: z.input<typeof createWebhookSchema>,
) {
  assertCan(ctx, "workspace:manage", "manage webhooks");
  const fields = parseInput(createWebhookSchema, input);
  const url = await checkWebhookUrl(fields.url, deps.allowPrivate);
  const id = randomUUID();
  const secret = `whsec_${randomBytes(32).toString("base64url")}`;
  const sealed = deps.box.seal(secret, webhookSecretContext(id));
  const webhook = await deps.db.$transaction(async (tx) => {
    const created = await tx.webhook.create({
      data: {
        id,
        workspaceId: ctx.workspaceId,
        url,
        events: [...new Set(fields.events)],
        secretKeyId: sealed.keyId,
        secretIv: sealed.iv,
        secretTag: sealed.authTag,
        secretCiphertext: sealed.ciphertext,
      },
      select: { id: true, url: true, events: true, active: true, createdAt: true },
    });
    await recordAudit(tx, ctx, {
      action: "webhook.create",
      entityType: "Webhook",
      entityId: id,
      data: { url, events: created.events },
    });
    return created;
  });
  return { ...webhook, secret };
}
