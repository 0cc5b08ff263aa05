import { LocalTime } from "@/app/_components/local-time";
import type { ActionState } from "@/app/_lib/action-state";
import { type CommentView, commentAuthorLabel } from "@/lib/comments/list-comments";
import { splitMentions } from "@/lib/comments/mention-tokens";
import { CommentForm } from "./comment-form";

/** A story's conversation, oldest first, and the box to add to it for those who may comment. */
export function CommentsSection({
  comments,
  members,
  add,
}: {
  comments: CommentView[];
  members: { id: string; name: string }[];
  add: ((prev: ActionState, formData: FormData) => Promise<ActionState>) | null;
}) {
  return (
    <section aria-labelledby="comments-heading" className="flex flex-col gap-3" data-testid="story-comments">
      <h2 id="comments-heading" className="text-lg font-semibold">
        Comments
      </h2>
      {comments.length === 0 ? (
        <p className="text-sm text-zinc-600">No comments yet.</p>
      ) : (
        <ol className="flex flex-col gap-2">
          {comments.map((comment) => (
            <li
              key={comment.id}
              id={`comment-${comment.id}`}
              data-testid="comment"
              className="rounded-md border border-zinc-200 bg-white p-3"
            >
              <p className="text-xs text-zinc-500">
                <span className="font-medium text-zinc-800">{commentAuthorLabel(comment)}</span> ·{" "}
                <LocalTime instant={comment.createdAt.toISOString()} />
              </p>
              <p className="mt-1 text-sm break-words whitespace-pre-wrap">
                {splitMentions(comment.body).map((part, index) =>
                  "mention" in part ? (
                    // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one text, never reordered
                    <strong key={index} className="text-brand-700">
                      @{part.mention.name}
                    </strong>
                  ) : (
                    // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one text, never reordered
                    <span key={index}>{part.text}</span>
                  ),
                )}
              </p>
            </li>
          ))}
        </ol>
      )}
      {add ? (
        <CommentForm action={add} members={members} />
      ) : (
        <p className="text-sm text-zinc-500">
          Viewers read comments; editors, approvers, admins and owners add them.
        </p>
      )}
    </section>
  );
}
