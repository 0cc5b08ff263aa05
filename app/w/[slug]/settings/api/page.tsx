import { ActionButtonForm } from "@/app/_components/action-button";
import { ConfirmPasswordForm } from "@/app/_components/confirm-password-form";
import { LocalTime } from "@/app/_components/local-time";
import Link from "@/app/_components/ui/link";
import { passwordIsFresh } from "@/app/_lib/session";
import { requireAgencyWorkspace } from "@/app/_lib/workspace";
import { listApiKeys } from "@/lib/api-keys/list-api-keys";
import { assignableRoles, can, ROLE_LABELS } from "@/lib/core/roles";
import { db } from "@/lib/db/client";
import { WEBHOOK_EVENT_LABELS, WEBHOOK_EVENTS } from "@/lib/webhooks/events";
import { listWebhookDeliveries } from "@/lib/webhooks/list-webhook-deliveries";
import { listWebhooks } from "@/lib/webhooks/list-webhooks";
import {
  createApiKeyAction,
  createWebhookAction,
  deleteWebhookAction,
  revokeApiKeyAction,
  sendTestWebhookAction,
} from "./actions";
import { CreateApiKeyForm, CreateWebhookForm, SendTestEventButton } from "./forms";

export const metadata = { title: "API and webhooks" };

const when = (date: Date | null) => (date ? <LocalTime instant={date.toISOString()} /> : "never");

export default async function ApiSettingsPage({ params }: { params: Promise<{ slug: string }> }) {
  const ctx = await requireAgencyWorkspace((await params).slug);
  const slug = ctx.workspaceSlug;
  if (!can(ctx.role, "apikeys:manage") || !can(ctx.role, "workspace:manage")) {
    return (
      <section className="flex flex-col gap-4">
        <h1 className="text-2xl font-semibold">API and webhooks</h1>
        <p className="text-zinc-600">Only owners and admins can manage API keys and webhooks.</p>
      </section>
    );
  }
  const [keys, webhooks, fresh] = await Promise.all([
    listApiKeys(db(), ctx),
    listWebhooks(db(), ctx),
    passwordIsFresh(),
  ]);
  const logs = await Promise.all(webhooks.map((w) => listWebhookDeliveries(db(), ctx, w.id, 10)));

  return (
    <section className="flex flex-col gap-8">
      <div className="flex flex-col gap-1">
        <h1 className="text-2xl font-semibold">API and webhooks</h1>
        <p className="text-sm text-zinc-600">
          The REST API lives at <code>/api/v1</code>. See the{" "}
          <Link className="text-brand-700 underline" href="/api-reference">
            API reference
          </Link>{" "}
          or the{" "}
          <a className="text-brand-700 underline" href="/api/v1/openapi.json">
            OpenAPI document
          </a>
          .
        </p>
      </div>

      <div className="flex flex-col gap-4">
        <h2 className="text-xl font-semibold">API keys</h2>
        {fresh ? (
          <CreateApiKeyForm action={createApiKeyAction.bind(null, slug)} roles={assignableRoles(ctx.role)} />
        ) : (
          <ConfirmPasswordForm doing="create an API key" />
        )}
        <table className="w-full text-left text-sm">
          <thead>
            <tr className="text-zinc-500">
              <th>Name</th>
              <th>Key</th>
              <th>Role</th>
              <th>Created</th>
              <th>Last used</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {keys.map((key) => (
              <tr key={key.id} className="border-t border-zinc-200" data-testid="api-key-row">
                <td>{key.name}</td>
                <td>
                  <code>{key.prefix}…</code>
                </td>
                <td>{ROLE_LABELS[key.role]}</td>
                <td>{when(key.createdAt)}</td>
                <td>{when(key.lastUsedAt)}</td>
                <td>
                  {key.revokedAt ? (
                    <span className="text-zinc-500">Revoked {when(key.revokedAt)}</span>
                  ) : (
                    <ActionButtonForm
                      action={revokeApiKeyAction.bind(null, slug, key.id)}
                      label="Revoke"
                      pendingLabel="Revoking…"
                      className="text-red-700 hover:underline"
                      ariaLabel={`Revoke ${key.name}`}
                      confirm={{
                        title: `Revoke the API key “${key.name}”?`,
                        description: "Scripts that use it are refused from now on. This cannot be undone.",
                        confirmLabel: "Revoke key",
                        destructive: true,
                      }}
                    />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <div className="flex flex-col gap-4">
        <h2 className="text-xl font-semibold">Webhooks</h2>
        <p className="text-sm text-zinc-600">
          Each request is signed: verify the <code>StoryRelay-Signature</code> header with the endpoint&apos;s
          secret (see the API reference).
        </p>
        <CreateWebhookForm
          action={createWebhookAction.bind(null, slug)}
          events={WEBHOOK_EVENTS.map((name) => ({ name, label: WEBHOOK_EVENT_LABELS[name] }))}
        />
        {webhooks.map((webhook, index) => (
          <article
            key={webhook.id}
            className="flex flex-col gap-3 rounded-md border border-zinc-200 p-4"
            data-testid="webhook"
          >
            <div className="flex items-center justify-between gap-4">
              <div>
                <p className="font-medium break-all">{webhook.url}</p>
                <p className="text-sm text-zinc-600">{webhook.events.join(", ")}</p>
              </div>
              <ActionButtonForm
                action={deleteWebhookAction.bind(null, slug, webhook.id)}
                label="Delete"
                pendingLabel="Deleting…"
                className="text-sm text-red-700 hover:underline"
                confirm={{
                  title: `Delete the webhook to ${webhook.url}?`,
                  description: "It stops receiving events, and its delivery log goes with it.",
                  confirmLabel: "Delete webhook",
                  destructive: true,
                }}
              />
            </div>
            <SendTestEventButton action={sendTestWebhookAction.bind(null, slug, webhook.id)} />
            <table className="w-full text-left text-sm">
              <caption className="text-left text-zinc-500">Latest deliveries</caption>
              <thead>
                <tr className="text-zinc-500">
                  <th>Event</th>
                  <th>Status</th>
                  <th>Attempts</th>
                  <th>Response</th>
                  <th>Created</th>
                </tr>
              </thead>
              <tbody>
                {(logs[index] ?? []).map((delivery) => (
                  <tr key={delivery.id} className="border-t border-zinc-200" data-testid="delivery-row">
                    <td>
                      <code>{delivery.eventType}</code>
                    </td>
                    <td>{delivery.status}</td>
                    <td>{delivery.attempts}</td>
                    <td>
                      {delivery.lastError ??
                        (delivery.lastStatusCode ? `HTTP ${delivery.lastStatusCode}` : "—")}
                    </td>
                    <td>{when(delivery.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </article>
        ))}
      </div>
    </section>
  );
}
