"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import type { ActionState } from "@/app/_lib/action-state";
import { inboxDeps } from "@/app/_lib/inbox-deps";
import { workspaceAction } from "@/app/_lib/server-action";
import { addConversationNote } from "@/lib/inbox/add-conversation-note";
import { assignConversation } from "@/lib/inbox/assign-conversation";
import { deleteSavedReply } from "@/lib/inbox/delete-saved-reply";
import { eraseConversation } from "@/lib/inbox/erase-conversation";
import { saveSavedReply } from "@/lib/inbox/save-saved-reply";
import { sendReply } from "@/lib/inbox/send-reply";
import { setConversationStatus } from "@/lib/inbox/set-conversation-status";
import { updateInboxSettings } from "@/lib/inbox/update-inbox-settings";

const field = (form: FormData, name: string) => String(form.get(name) ?? "");

/** What the reply box sends: a payload rather than a form, with the id the browser made for this message. */
export type ReplyPayload = {
  clientId: string;
  text: string;
  useHumanAgentTag: boolean;
  imageAssetId?: string;
};

export async function sendReplyAction(slug: string, conversationId: string, payload: ReplyPayload) {
  return workspaceAction(slug, { args: { conversationId }, payload }, async (ctx, deps) => {
    const message = await sendReply(inboxDeps(deps), ctx, {
      conversationId,
      clientId: payload.clientId,
      text: payload.text,
      useHumanAgentTag: payload.useHumanAgentTag === true,
      imageAssetId: payload.imageAssetId || undefined,
    });
    revalidatePath(`/w/${slug}/inbox`, "layout");
    const data = { messageId: message.id, sendState: message.sendState ?? "" };
    if (message.sendState === "SENT") return { ok: true, message: "Sent.", data };
    if (message.sendState === "UNCONFIRMED")
      return { ok: false, message: `Unconfirmed: ${message.sendError ?? ""}`, data };
    if (message.sendState === "FAILED")
      return { ok: false, message: `Failed: ${message.sendError ?? ""}`, data };
    return { ok: true, message: "Sending…", data };
  });
}

export async function assignAction(
  slug: string,
  conversationId: string,
  _prev: ActionState,
  formData: FormData,
) {
  return workspaceAction(slug, { args: { conversationId }, form: formData }, async (ctx, deps) => {
    const assigneeId = field(formData, "assigneeId");
    const result = await assignConversation(inboxDeps(deps), ctx, {
      conversationId,
      assigneeId: assigneeId || null,
    });
    revalidatePath(`/w/${slug}/inbox`, "layout");
    if (!result.changed) return { ok: true, message: "Nothing changed." };
    return {
      ok: true,
      message: result.assigneeId ? `Assigned to ${result.assigneeName ?? "them"}.` : "Unassigned.",
    };
  });
}

export async function setStatusAction(
  slug: string,
  conversationId: string,
  status: "OPEN" | "DONE",
  _prev: ActionState,
  formData: FormData,
) {
  return workspaceAction(slug, { args: { conversationId, status }, form: formData }, async (ctx, deps) => {
    await setConversationStatus(inboxDeps(deps), ctx, { conversationId, status });
    revalidatePath(`/w/${slug}/inbox`, "layout");
    return { ok: true, message: status === "DONE" ? "Marked done." : "Reopened." };
  });
}

export async function addNoteAction(
  slug: string,
  conversationId: string,
  _prev: ActionState,
  formData: FormData,
) {
  return workspaceAction(slug, { args: { conversationId }, form: formData }, async (ctx, deps) => {
    await addConversationNote(inboxDeps(deps), ctx, { conversationId, body: field(formData, "body") });
    revalidatePath(`/w/${slug}/inbox/${conversationId}`);
    return { ok: true, message: "Note added." };
  });
}

export async function eraseAction(
  slug: string,
  conversationId: string,
  _prev: ActionState,
  formData: FormData,
) {
  const state = await workspaceAction(
    slug,
    { args: { conversationId }, form: formData },
    async (ctx, deps) => {
      await eraseConversation(inboxDeps(deps), ctx, conversationId);
      revalidatePath(`/w/${slug}/inbox`, "layout");
      return { ok: true, message: "Erased." };
    },
  );
  if (state.ok) redirect(`/w/${slug}/inbox?erased=1`);
  return state;
}

export async function saveSavedReplyAction(slug: string, _prev: ActionState, formData: FormData) {
  return workspaceAction(slug, { form: formData }, async (ctx, deps) => {
    const id = field(formData, "id");
    const brandId = field(formData, "brandId");
    await saveSavedReply(deps.db, ctx, {
      id: id || undefined,
      title: field(formData, "title"),
      body: field(formData, "body"),
      brandId: brandId || null,
    });
    revalidatePath(`/w/${slug}/inbox`, "layout");
    return { ok: true, message: id ? "Saved reply updated." : "Saved reply added." };
  });
}

export async function deleteSavedReplyAction(
  slug: string,
  savedReplyId: string,
  _prev: ActionState,
  formData: FormData,
) {
  return workspaceAction(slug, { args: { savedReplyId }, form: formData }, async (ctx, deps) => {
    await deleteSavedReply(deps.db, ctx, savedReplyId);
    revalidatePath(`/w/${slug}/inbox`, "layout");
    return { ok: true, message: "Saved reply deleted." };
  });
}

export async function updateInboxSettingsAction(slug: string, _prev: ActionState, formData: FormData) {
  return workspaceAction(slug, { form: formData }, async (ctx, deps) => {
    const days = field(formData, "messageRetentionDays").trim();
    const saved = await updateInboxSettings(deps.db, ctx, {
      messageRetentionDays: days === "" || !/^-?\d+(\.\d+)?$/.test(days) ? Number.NaN : Number(days),
      humanAgentReplies: formData.get("humanAgentReplies") === "on",
    });
    revalidatePath(`/w/${slug}/settings`);
    return {
      ok: true,
      message: `Saved: message texts are kept ${saved.messageRetentionDays} days; late human-agent replies ${saved.humanAgentReplies ? "allowed" : "off"}.`,
    };
  });
}
