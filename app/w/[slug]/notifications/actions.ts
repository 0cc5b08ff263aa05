"use server";

import { revalidatePath } from "next/cache";
import type { ActionState } from "@/app/_lib/action-state";
import { userAction, workspaceAction } from "@/app/_lib/server-action";
import { markAllNotificationsRead } from "@/lib/notifications/mark-all-notifications-read";
import { markNotificationRead } from "@/lib/notifications/mark-notification-read";
import { NOTICE_MAIL_LABELS, setNoticeMail } from "@/lib/users/set-notice-mail";

// The bell's actions. The layout shows the unread count, so every change revalidates it.

export async function markNotificationReadAction(
  slug: string,
  notificationId: string,
  _prev: ActionState,
  formData: FormData,
) {
  return workspaceAction(slug, { args: { notificationId }, form: formData }, async (ctx, deps) => {
    await markNotificationRead(deps.db, ctx, notificationId);
    revalidatePath(`/w/${slug}`, "layout");
    return { ok: true, message: "Marked read." };
  });
}

export async function markAllNotificationsReadAction(slug: string, _prev: ActionState, formData: FormData) {
  return workspaceAction(slug, { form: formData }, async (ctx, deps) => {
    const count = await markAllNotificationsRead(deps.db, ctx);
    revalidatePath(`/w/${slug}`, "layout");
    // Said as a refusal: the button is shown only with unread notices, so nothing to mark means
    // another tab marked them first, and "done" would claim an action that did nothing.
    if (count === 0) return { ok: false, message: "You have no unread notifications." };
    return { ok: true, message: `Marked ${count} notification${count === 1 ? "" : "s"} read.` };
  });
}

/**
 * A person's own setting, the same in every workspace: not a workspace action (no slug bound),
 * so any member, a viewer too, may change it for themself and nobody else.
 */
export async function setNoticeMailAction(_prev: ActionState, formData: FormData) {
  return userAction("/", { form: formData }, async (user, deps) => {
    const saved = await setNoticeMail(deps.db, user.id, {
      noticeMail: String(formData.get("noticeMail") ?? ""),
    });
    return { ok: true, message: `Saved: ${NOTICE_MAIL_LABELS[saved.noticeMail].toLowerCase()}.` };
  });
}
