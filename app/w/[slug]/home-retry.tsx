"use client";

import Link from "next/link";
import { useActionState } from "react";
import { type ActionState, initialActionState } from "@/app/_lib/action-state";

type Action = (prev: ActionState, formData: FormData) => Promise<ActionState>;

/**
 * The home page's Retry for one failed channel: the story page's retry action, with its answer
 * shown in place. After a retry the story is publishing again, so the row points to the story
 * page, which follows it to the end, rather than keep a "Failed" that is no longer true.
 */
export function HomeRetry({
  action,
  channelName,
  storyHref,
}: {
  action: Action;
  channelName: string;
  storyHref: string;
}) {
  const [state, formAction, pending] = useActionState(action, initialActionState);
  if (state.ok) {
    return (
      <p role="status" className="text-sm text-green-800">
        {state.message ?? "Trying again now."}{" "}
        <Link href={storyHref} className="underline">
          Follow it on the story page
        </Link>
      </p>
    );
  }
  return (
    <form action={formAction} className="flex flex-wrap items-center gap-2">
      <button
        type="submit"
        disabled={pending}
        aria-label={`Retry ${channelName}`}
        className="rounded-md border border-zinc-300 bg-white px-2.5 py-1 text-sm font-medium hover:bg-zinc-50 disabled:opacity-60"
      >
        {pending ? "Retrying…" : "Retry"}
      </button>
      {state.message ? (
        <span role="alert" className="text-sm text-red-800">
          {state.message}
        </span>
      ) : null}
    </form>
  );
}
