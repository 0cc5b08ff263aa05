import { ActionButtonForm } from "@/app/_components/action-button";
import { LocalTime } from "@/app/_components/local-time";
import Link from "@/app/_components/ui/link";
import { requireWorkspace } from "@/app/_lib/workspace";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { listNotifications } from "@/lib/notifications/list-notifications";
import { markAllNotificationsReadAction, markNotificationReadAction } from "./actions";

export const metadata = { title: "Notifications" };

const button =
  "rounded-md border border-zinc-300 bg-white px-2.5 py-1 text-sm font-medium hover:bg-zinc-50 disabled:opacity-60";

export default async function NotificationsPage({ params }: { params: Promise<{ slug: string }> }) {
  const ctx = await requireWorkspace((await params).slug);
  const notices = await listNotifications(db(), ctx);
  const unread = notices.filter((n) => n.readAt === null).length;
  return (
    <section className="flex flex-col gap-4" aria-labelledby="notifications-heading">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 id="notifications-heading" className="text-2xl font-semibold">
          Notifications
        </h1>
        <Link
          href={`/w/${ctx.workspaceSlug}/notifications/settings`}
          className="text-sm text-brand-700 underline"
        >
          E-mail settings
        </Link>
        {unread > 0 ? (
          <ActionButtonForm
            action={markAllNotificationsReadAction.bind(null, ctx.workspaceSlug)}
            label="Mark all read"
            pendingLabel="Marking…"
            className={button}
          />
        ) : null}
      </div>
      {notices.length === 0 ? (
        <p className="text-zinc-600">
          Nothing yet. Failures, reviews and channels to reconnect will show here.
        </p>
      ) : (
        <ul
          aria-label="Notifications"
          className="flex flex-col divide-y divide-zinc-200 rounded-md border border-zinc-200 bg-white"
        >
          {notices.map((n) => (
            <li
              key={n.id}
              className={`flex flex-col gap-2 p-3 sm:flex-row sm:items-start sm:justify-between ${n.readAt ? "" : "bg-brand-50"}`}
            >
              <div className="flex min-w-0 flex-col gap-1">
                <p className="font-medium break-words">
                  {n.readAt ? null : <span className="sr-only">Unread: </span>}
                  {n.link ? (
                    <Link href={n.link} className="text-brand-700 underline underline-offset-2">
                      {n.title}
                    </Link>
                  ) : (
                    n.title
                  )}
                </p>
                {n.body ? <p className="text-sm text-zinc-700 break-words">{n.body}</p> : null}
                <p className="text-xs text-zinc-500">
                  <LocalTime instant={n.createdAt.toISOString()} />
                </p>
              </div>
              {n.readAt ? (
                <span className="text-xs text-zinc-500">Read</span>
              ) : (
                <ActionButtonForm
                  action={markNotificationReadAction.bind(null, ctx.workspaceSlug, n.id)}
                  label="Mark read"
                  pendingLabel="Marking…"
                  ariaLabel={`Mark read: ${n.title}`}
                  subject={n.title}
                  className={button}
                />
              )}
            </li>
          ))}
        </ul>
      )}
      <p className="text-xs text-zinc-500">
        Read notices are removed after {env().RETENTION_READ_NOTICE_DAYS} days, unread ones after{" "}
        {env().RETENTION_UNREAD_NOTICE_DAYS}.
      </p>
    </section>
  );
}
