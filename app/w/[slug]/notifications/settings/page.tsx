import Link from "@/app/_components/ui/link";
import { requireWorkspace } from "@/app/_lib/workspace";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { getNoticeMail, NOTICE_MAIL_CHOICES, NOTICE_MAIL_LABELS } from "@/lib/users/set-notice-mail";
import { setNoticeMailAction } from "../actions";
import { NoticeMailForm } from "./notice-mail-form";

export const metadata = { title: "Notification settings" };

export default async function NotificationSettingsPage({ params }: { params: Promise<{ slug: string }> }) {
  const ctx = await requireWorkspace((await params).slug);
  const current = await getNoticeMail(db(), ctx.userId);
  const hour = String(env().DIGEST_HOUR_UTC).padStart(2, "0");
  return (
    <section className="flex max-w-xl flex-col gap-4" aria-labelledby="notice-settings-heading">
      <p className="text-sm">
        <Link href={`/w/${ctx.workspaceSlug}/notifications`} className="text-brand-700 hover:underline">
          ← Notifications
        </Link>
      </p>
      <h1 id="notice-settings-heading" className="text-2xl font-semibold">
        Notification settings
      </h1>
      <p className="text-sm text-zinc-600">
        Everything shows in the bell. Choose whether it also reaches your inbox
        {current ? ` (${current.email})` : ""}; this applies in every workspace you belong to.
      </p>
      <NoticeMailForm
        action={setNoticeMailAction}
        current={current?.noticeMail ?? "IMMEDIATE"}
        choices={NOTICE_MAIL_CHOICES.map((value) => ({
          value,
          label: NOTICE_MAIL_LABELS[value],
          hint:
            value === "DIGEST" ? `Sent daily at ${hour}:00 UTC, when you have unread notifications.` : null,
        }))}
      />
    </section>
  );
}
