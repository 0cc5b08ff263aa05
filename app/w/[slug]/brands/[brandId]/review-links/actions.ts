"use server";

import { revalidatePath } from "next/cache";
import type { ActionState } from "@/app/_lib/action-state";
import { workspaceAction } from "@/app/_lib/server-action";
import { createReviewLink } from "@/lib/review-links/create-review-link";
import { revokeReviewLink } from "@/lib/review-links/revoke-review-link";

// The brand's "Share for review" page. Like the other actions, each runs through workspaceAction:
// the context comes from the session, the ids bound into a form are input like any other.

const text = (formData: FormData, name: string) => String(formData.get(name) ?? "").trim();

export async function createReviewLinkAction(
  slug: string,
  brandId: string,
  _prev: ActionState,
  formData: FormData,
): Promise<ActionState> {
  return workspaceAction(slug, { args: { brandId }, form: formData }, async (ctx, deps) => {
    const bySelection = text(formData, "mode") === "selection";
    const { link, token } = await createReviewLink(
      { db: deps.db, authSecret: deps.env.AUTH_SECRET },
      ctx,
      brandId,
      {
        label: text(formData, "label"),
        expiresInDays: text(formData, "expiresInDays") || undefined,
        ...(bySelection
          ? { storyIds: formData.getAll("storyIds").map(String) }
          : { from: text(formData, "from") || undefined, to: text(formData, "to") || undefined }),
      },
    );
    revalidatePath(`/w/${ctx.workspaceSlug}/brands/${brandId}/review-links`);
    return {
      ok: true,
      message: `Review link "${link.label}" created: copy it and send it to your client.`,
      data: { path: `/review/${token}` },
    };
  });
}

export async function revokeReviewLinkAction(
  slug: string,
  linkId: string,
  _prev: ActionState,
  formData: FormData,
): Promise<ActionState> {
  return workspaceAction(slug, { args: { linkId }, form: formData }, async (ctx, deps) => {
    const link = await revokeReviewLink({ db: deps.db }, ctx, linkId);
    revalidatePath(`/w/${ctx.workspaceSlug}/brands/${link.brandId}/review-links`);
    return { ok: true, message: "Revoked: the link no longer opens." };
  });
}
