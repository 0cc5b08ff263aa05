import { ActionButtonForm } from "@/app/_components/action-button";
import Link from "@/app/_components/ui/link";
import { requireAgencyWorkspace } from "@/app/_lib/workspace";
import { listBrands } from "@/lib/brands/list-brands";
import { can } from "@/lib/core/roles";
import { db } from "@/lib/db/client";
import { listSavedReplies } from "@/lib/inbox/list-saved-replies";
import { deleteSavedReplyAction, saveSavedReplyAction } from "../actions";
import { SavedReplyForm } from "./saved-reply-form";

export const metadata = { title: "Saved replies" };

export default async function SavedRepliesPage({ params }: { params: Promise<{ slug: string }> }) {
  const ctx = await requireAgencyWorkspace((await params).slug);
  const [replies, brands] = await Promise.all([listSavedReplies(db(), ctx), listBrands(db(), ctx)]);
  const canEdit = can(ctx.role, "inbox:reply");
  const save = saveSavedReplyAction.bind(null, ctx.workspaceSlug);
  return (
    <section className="flex flex-col gap-4" aria-labelledby="saved-replies-heading">
      <Link href={`/w/${ctx.workspaceSlug}/inbox`} className="self-start text-sm text-brand-700 underline">
        ← Inbox
      </Link>
      <h1 id="saved-replies-heading" className="text-2xl font-semibold">
        Saved replies
      </h1>
      <p className="text-sm text-zinc-600">Answers the team gives often, inserted from the reply box.</p>
      {replies.length === 0 ? <p className="text-zinc-600">None yet.</p> : null}
      <ul className="flex flex-col gap-4">
        {replies.map((reply) => (
          <li key={reply.id} className="flex flex-col gap-2 rounded-md border border-zinc-200 bg-white p-3">
            {canEdit ? (
              <>
                <SavedReplyForm action={save} brands={brands} reply={reply} />
                <ActionButtonForm
                  action={deleteSavedReplyAction.bind(null, ctx.workspaceSlug, reply.id)}
                  label="Delete"
                  pendingLabel="Deleting…"
                  className="rounded-md border border-zinc-300 bg-white px-2.5 py-1 text-sm text-red-700"
                  confirm={{ title: `Delete “${reply.title}”?`, confirmLabel: "Delete", destructive: true }}
                />
              </>
            ) : (
              <>
                <p className="font-medium">{reply.title}</p>
                <p className="whitespace-pre-wrap text-sm">{reply.body}</p>
              </>
            )}
          </li>
        ))}
      </ul>
      {canEdit ? (
        <div className="rounded-md border border-zinc-200 bg-white p-3">
          <h2 className="mb-2 font-semibold">New saved reply</h2>
          <SavedReplyForm action={save} brands={brands} />
        </div>
      ) : null}
    </section>
  );
}
