"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import type { ActionState } from "@/app/_lib/action-state";
import { workspaceAction } from "@/app/_lib/server-action";
import { createAudienceList } from "@/lib/audiences/create-audience-list";
import { deleteAudienceList } from "@/lib/audiences/delete-audience-list";
import { updateAudienceList } from "@/lib/audiences/update-audience-list";
import { audienceDeps } from "./audience-deps";

const pageOf = (slug: string, brandId: string, channelId: string) =>
  `/w/${slug}/brands/${brandId}/channels/${channelId}/audience`;

export async function createListAction(
  slug: string,
  brandId: string,
  channelId: string,
  _prev: ActionState,
  formData: FormData,
): Promise<ActionState> {
  return workspaceAction(slug, { args: { brandId, channelId }, form: formData }, async (ctx, deps) => {
    const list = await createAudienceList(audienceDeps(deps), ctx, {
      channelId,
      name: String(formData.get("name") ?? ""),
    });
    redirect(`${pageOf(slug, brandId, channelId)}?list=${encodeURIComponent(list.id)}`);
  });
}

export async function renameListAction(
  slug: string,
  brandId: string,
  channelId: string,
  listId: string,
  _prev: ActionState,
  formData: FormData,
): Promise<ActionState> {
  return workspaceAction(
    slug,
    { args: { brandId, channelId, listId }, form: formData },
    async (ctx, deps) => {
      const list = await updateAudienceList(audienceDeps(deps), ctx, {
        listId,
        name: String(formData.get("name") ?? ""),
      });
      revalidatePath(pageOf(slug, brandId, channelId));
      return { ok: true, message: `Renamed to “${list.name}”.` };
    },
  );
}

export async function changeMemberAction(
  slug: string,
  brandId: string,
  channelId: string,
  listId: string,
  contactId: string,
  change: "add" | "remove",
  _prev: ActionState,
  _formData: FormData,
): Promise<ActionState> {
  return workspaceAction(
    slug,
    { args: { brandId, channelId, listId, contactId, change } },
    async (ctx, deps) => {
      const ids = [contactId];
      const list = await updateAudienceList(
        audienceDeps(deps),
        ctx,
        change === "add" ? { listId, add: ids } : { listId, remove: ids },
      );
      revalidatePath(pageOf(slug, brandId, channelId));
      return { ok: true, message: `${change === "add" ? "Added to" : "Removed from"} “${list.name}”.` };
    },
  );
}

export async function deleteListAction(
  slug: string,
  brandId: string,
  channelId: string,
  listId: string,
  _prev: ActionState,
  _formData: FormData,
): Promise<ActionState> {
  return workspaceAction(slug, { args: { brandId, channelId, listId } }, async (ctx, deps) => {
    await deleteAudienceList(audienceDeps(deps), ctx, { listId });
    redirect(pageOf(slug, brandId, channelId));
  });
}
