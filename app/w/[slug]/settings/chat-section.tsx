import { ActionButtonForm } from "@/app/_components/action-button";
import { LocalTime } from "@/app/_components/local-time";
import type { getChatWebhook } from "@/lib/notifications/get-chat-webhook";
import { NOTIFICATION_KIND_LABELS } from "@/lib/notifications/kind-labels";
import { NOTIFICATION_KINDS } from "@/lib/notifications/notify";
import { removeChatWebhookAction, saveChatWebhookAction, sendTestChatAction } from "./chat-actions";
import { ChatWebhookForm } from "./chat-forms";

const button =
  "rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-zinc-50 disabled:opacity-60";

const STATUS_LABELS = { PENDING: "Sending", DELIVERED: "Delivered", FAILED: "Failed" } as const;

/** Settings › Chat notifications: one Slack-compatible incoming webhook for the workspace. */
export function ChatSection({
  slug,
  hook,
}: {
  slug: string;
  hook: Awaited<ReturnType<typeof getChatWebhook>>;
}) {
  const kinds = NOTIFICATION_KINDS.map((name) => ({
    name,
    label: NOTIFICATION_KIND_LABELS[name],
    checked: hook ? hook.kinds.includes(name) : true,
  }));
  return (
    <section aria-labelledby="chat-heading" className="flex flex-col gap-3" data-testid="chat-settings">
      <h2 id="chat-heading" className="text-lg font-semibold">
        Chat notifications
      </h2>
      <p className="text-sm text-zinc-600">
        One message per event to a Slack, Mattermost or Discord channel, with a link to the dashboard.
      </p>
      {hook ? (
        <p className="text-sm" data-testid="chat-webhook-saved">
          Posting to <strong>{hook.urlHost}</strong> (URL ending …{hook.urlTail}), saved{" "}
          <LocalTime instant={hook.updatedAt.toISOString()} />.
        </p>
      ) : (
        <p className="text-sm text-zinc-600">No chat webhook yet.</p>
      )}
      <ChatWebhookForm
        action={saveChatWebhookAction.bind(null, slug)}
        kinds={kinds}
        saved={hook ? { host: hook.urlHost, tail: hook.urlTail } : null}
      />
      {hook ? (
        <div className="flex flex-wrap items-start gap-3">
          <ActionButtonForm
            action={sendTestChatAction.bind(null, slug)}
            label="Send test"
            pendingLabel="Sending…"
            className={button}
          />
          <ActionButtonForm
            action={removeChatWebhookAction.bind(null, slug)}
            label="Remove chat webhook"
            pendingLabel="Removing…"
            className={button}
            confirm={{
              title: "Remove the chat webhook?",
              description: "Nothing more is posted to the channel until a URL is saved again.",
              confirmLabel: "Remove",
              destructive: true,
            }}
          />
        </div>
      ) : null}
      {hook && hook.recent.length > 0 ? (
        <div className="flex flex-col gap-1">
          <h3 className="text-sm font-medium">Latest posts</h3>
          <ul className="flex flex-col gap-1 text-sm" data-testid="chat-posts">
            {hook.recent.map((post) => (
              <li key={post.id} className="break-words">
                <LocalTime instant={post.createdAt.toISOString()} /> ·{" "}
                {NOTIFICATION_KIND_LABELS[post.kind as keyof typeof NOTIFICATION_KIND_LABELS] ?? post.kind} ·{" "}
                {STATUS_LABELS[post.status]}
                {post.lastError ? <span className="text-red-700"> — {post.lastError}</span> : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
