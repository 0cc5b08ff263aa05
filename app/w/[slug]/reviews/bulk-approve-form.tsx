"use client";

import { type ReactNode, useActionState } from "react";
import { FormMessage, SubmitButton } from "@/app/_components/form";
import Link from "@/app/_components/ui/link";
import { type ActionState, initialActionState } from "@/app/_lib/action-state";

export type QueueRow = { id: string; version: number; title: string; content: ReactNode };

/**
 * The review queue as one form: a checkbox per row carries the story and the version the row
 * shows, "Approve selected" decides them all, and each row then shows its own result (one stale
 * row is refused on its row, the others are approved).
 */
export function BulkApproveForm({
  action,
  rows,
  reloadHref,
}: {
  action: (prev: ActionState, formData: FormData) => Promise<ActionState>;
  rows: QueueRow[];
  reloadHref: string;
}) {
  const [state, formAction] = useActionState(action, initialActionState);
  const resultOf = (id: string) => {
    const raw = state.data?.[id];
    if (!raw) return null;
    const [kind, ...rest] = raw.split("|");
    return { ok: kind === "ok", message: rest.join("|") };
  };
  return (
    <form action={formAction} className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-3">
        <SubmitButton pendingLabel="Approving…">Approve selected</SubmitButton>
        {state.data ? (
          <Link href={reloadHref} className="text-sm text-brand-700 underline underline-offset-2">
            Reload the queue
          </Link>
        ) : null}
      </div>
      <FormMessage state={state} />
      <ul className="flex flex-col gap-2" aria-label="Stories waiting for review">
        {rows.map((row) => {
          const result = resultOf(row.id);
          return (
            <li
              key={row.id}
              data-testid="review-item"
              className="flex items-start gap-3 rounded-lg border border-zinc-200 bg-white p-3"
            >
              <input
                type="checkbox"
                name="item"
                value={`${row.id}:${row.version}`}
                aria-label={`Select “${row.title}”, version ${row.version}`}
                disabled={result?.ok === true}
                className="mt-1 h-5 w-5 shrink-0"
              />
              <div className="flex min-w-0 flex-1 flex-col gap-1">
                {row.content}
                {result ? (
                  <p
                    data-testid="review-item-result"
                    role={result.ok ? "status" : "alert"}
                    className={`text-sm ${result.ok ? "text-green-800" : "text-red-700"}`}
                  >
                    {result.message}
                  </p>
                ) : null}
              </div>
            </li>
          );
        })}
      </ul>
    </form>
  );
}
