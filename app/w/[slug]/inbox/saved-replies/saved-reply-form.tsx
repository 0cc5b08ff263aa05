"use client";

import { useActionState } from "react";
import { FormMessage, SubmitButton } from "@/app/_components/form";
import { type ActionState, initialActionState } from "@/app/_lib/action-state";

/** Adds a saved reply, or edits one (with `reply`). */
export function SavedReplyForm(props: {
  action: (prev: ActionState, formData: FormData) => Promise<ActionState>;
  brands: { id: string; name: string }[];
  reply?: { id: string; title: string; body: string; brandId: string | null };
}) {
  const [state, formAction] = useActionState(props.action, initialActionState);
  const { reply } = props;
  const idPart = reply?.id ?? "new";
  return (
    <form
      action={formAction}
      className="flex flex-col gap-2"
      key={!reply && state.ok ? state.message : idPart}
    >
      <FormMessage state={state} />
      {reply ? <input type="hidden" name="id" value={reply.id} /> : null}
      <label className="flex flex-col gap-1 text-sm font-medium">
        Title
        <input
          name="title"
          maxLength={80}
          defaultValue={state.ok ? reply?.title : (state.values?.title ?? reply?.title)}
          className="rounded-md border border-zinc-300 px-2 py-1.5 font-normal"
        />
      </label>
      <label className="flex flex-col gap-1 text-sm font-medium">
        Reply
        <textarea
          name="body"
          rows={3}
          maxLength={1000}
          defaultValue={state.ok ? reply?.body : (state.values?.body ?? reply?.body)}
          className="rounded-md border border-zinc-300 px-2 py-1.5 font-normal"
        />
      </label>
      <label className="flex flex-col gap-1 text-sm font-medium">
        Offered in
        <select
          name="brandId"
          defaultValue={reply?.brandId ?? ""}
          className="rounded-md border border-zinc-300 bg-white px-2 py-1.5 font-normal"
        >
          <option value="">Every brand's inbox</option>
          {props.brands.map((b) => (
            <option key={b.id} value={b.id}>
              {b.name} only
            </option>
          ))}
        </select>
      </label>
      <div>
        <SubmitButton pendingLabel="Saving…">{reply ? "Save" : "Add saved reply"}</SubmitButton>
      </div>
    </form>
  );
}
