"use server";

import { revalidatePath } from "next/cache";
import type { ActionState } from "@/app/_lib/action-state";
import { workspaceAction } from "@/app/_lib/server-action";
import { createComment } from "@/lib/comments/create-comment";
import { mailNoticesNow } from "@/lib/notifications/mail-notices-now";

// The story page's comment form.

export async function addCommentAction(
  slug: string,
  storyId: string,
  _prev: ActionState,
  formData: FormData,
) {
  return workspaceAction(slug, { args: { storyId }, form: formData }, async (ctx, deps) => {
    const created = await createComment(deps, ctx, storyId, { body: String(formData.get("body") ?? "") });
    await mailNoticesNow(
      { db: deps.db, baseUrl: deps.env.PUBLIC_BASE_URL, logger: deps.logger },
      ctx.workspaceId,
      created.toldUserIds,
    );
    revalidatePath(`/w/${slug}/stories/${storyId}`);
    const told = created.mentioned.filter((m) => m.userId !== ctx.userId).map((m) => m.name);
    const parts = ["Comment added."];
    if (told.length > 0) parts.push(`Notified ${told.join(", ")}.`);
    if (created.notNotified.length > 0) {
      parts.push(
        `Not notified: ${created.notNotified.map((m) => m.name).join(", ")} (not a member who can see this brand).`,
      );
    }
    return { ok: true, message: parts.join(" "), data: { commentId: created.comment.id } };
  });
}
