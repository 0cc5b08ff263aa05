"use client";

import { useActionState, useEffect, useId, useRef, useState } from "react";
import { FormMessage, SubmitButton } from "@/app/_components/form";
import { type ActionState, initialActionState } from "@/app/_lib/action-state";
import { mentionToken } from "@/lib/comments/mention-tokens";

type Member = { id: string; name: string };

/** The `@word` being typed just before the caret, if any. */
function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const match = /(^|\s)@([^\s@[\]()]{0,40})$/.exec(text.slice(0, caret));
  if (!match) return null;
  return { start: caret - (match[2] ?? "").length - 1, query: match[2] ?? "" };
}

/**
 * The comment box. Typing `@` offers the members who can see the brand; picking one inserts a
 * stable token (`@[Name](id)`), which the server turns into a notice. A name typed by hand is
 * just text and notifies nobody; the outcome beside the button says who was told.
 */
export function CommentForm({
  action,
  members,
}: {
  action: (prev: ActionState, formData: FormData) => Promise<ActionState>;
  members: Member[];
}) {
  const [state, formAction] = useActionState(action, initialActionState);
  const [text, setText] = useState("");
  const [query, setQuery] = useState<{ start: number; query: string } | null>(null);
  const [active, setActive] = useState(0);
  const area = useRef<HTMLTextAreaElement>(null);
  const listId = useId();
  useEffect(() => {
    // A new comment went in: start the next one empty.
    if (state.ok && state.data?.commentId) setText("");
  }, [state]);
  const offered = query
    ? members.filter((m) => m.name.toLowerCase().includes(query.query.toLowerCase())).slice(0, 8)
    : [];
  const pick = (member: Member) => {
    if (!query) return;
    const caret = area.current?.selectionStart ?? text.length;
    const token = `${mentionToken({ name: member.name, userId: member.id })} `;
    const next = text.slice(0, query.start) + token + text.slice(caret);
    setText(next);
    setQuery(null);
    const at = query.start + token.length;
    requestAnimationFrame(() => {
      area.current?.focus();
      area.current?.setSelectionRange(at, at);
    });
  };
  return (
    <form action={formAction} className="flex flex-col gap-2" data-testid="comment-form">
      <label htmlFor={`${listId}-body`} className="text-sm font-medium">
        Add a comment
      </label>
      <div className="relative">
        <textarea
          ref={area}
          id={`${listId}-body`}
          name="body"
          rows={3}
          maxLength={4000}
          required
          value={text}
          aria-describedby={offered.length > 0 ? listId : undefined}
          onChange={(event) => {
            setText(event.target.value);
            setQuery(mentionQuery(event.target.value, event.target.selectionStart));
            setActive(0);
          }}
          onKeyDown={(event) => {
            if (offered.length === 0) return;
            if (event.key === "ArrowDown" || event.key === "ArrowUp") {
              event.preventDefault();
              const step = event.key === "ArrowDown" ? 1 : -1;
              setActive((i) => (i + step + offered.length) % offered.length);
            } else if (event.key === "Enter" || event.key === "Tab") {
              const member = offered[active];
              if (member) {
                event.preventDefault();
                pick(member);
              }
            } else if (event.key === "Escape") {
              setQuery(null);
            }
          }}
          className="w-full rounded-md border border-zinc-300 px-3 py-2 text-sm"
          placeholder="Type @ to mention someone who can see this brand"
        />
        {offered.length > 0 ? (
          <ul
            id={listId}
            aria-label="Members to mention"
            className="absolute z-10 mt-1 w-full max-w-xs rounded-md border border-zinc-200 bg-white shadow"
          >
            {offered.map((member, index) => (
              <li key={member.id}>
                <button
                  type="button"
                  aria-current={index === active}
                  className={`w-full px-3 py-1.5 text-left text-sm hover:bg-brand-50 ${index === active ? "bg-brand-50" : ""}`}
                  onMouseDown={(event) => {
                    // Before the textarea loses focus, so the caret position is still known.
                    event.preventDefault();
                    pick(member);
                  }}
                  onClick={() => pick(member)}
                >
                  {member.name}
                </button>
              </li>
            ))}
          </ul>
        ) : query && query.query.length > 0 ? (
          <p className="mt-1 text-xs text-zinc-500" role="status">
            No member who can see this brand matches “{query.query}”: a name typed by hand notifies nobody.
          </p>
        ) : null}
      </div>
      <div className="flex flex-wrap items-start gap-3">
        <SubmitButton pendingLabel="Posting…">Post comment</SubmitButton>
      </div>
      <FormMessage state={state} />
    </form>
  );
}
