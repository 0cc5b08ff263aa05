"use client";

import { useState } from "react";
import { useFormStatus } from "react-dom";
import { type ActionState, initialActionState } from "@/app/_lib/action-state";
import { useHomeNotice } from "./home-notice";

type Action = (prev: ActionState, formData: FormData) => Promise<ActionState>;

/**
 * The home page's Retry for one failed channel: the story page's retry action. A refusal shows
 * next to the button; a success goes to the page's notice line, because the story is then no
 * longer failing and its row (this component) leaves the list in the same refresh that brings
 * the answer, so it could not show it itself.
 */
export function HomeRetry({
  action,
  channelName,
  storyTitle,
  storyHref,
}: {
  action: Action;
  channelName: string;
  storyTitle: string;
  storyHref: string;
}) {
  const announce = useHomeNotice();
  const [refusal, setRefusal] = useState<string | null>(null);
  async function retry(formData: FormData) {
    const result = await action(initialActionState, formData);
    if (!result.ok) {
      setRefusal(result.message ?? "StoryRelay could not retry this channel.");
      return;
    }
    setRefusal(null);
    announce({
      ok: true,
      text: `“${storyTitle}” on ${channelName}: ${result.message ?? "trying again now."}`,
      href: storyHref,
      linkText: "Follow it on the story page",
    });
  }
  return (
    <form action={retry} className="flex flex-wrap items-center gap-2">
      <RetryButton channelName={channelName} />
      {refusal ? (
        <span role="alert" className="text-sm text-red-800">
          {refusal}
        </span>
      ) : null}
    </form>
  );
}

function RetryButton({ channelName }: { channelName: string }) {
  const { pending } = useFormStatus();
  return (
    <button
      type="submit"
      disabled={pending}
      aria-label={`Retry ${channelName}`}
      className="rounded-md border border-zinc-300 bg-white px-2.5 py-1 text-sm font-medium hover:bg-zinc-50 disabled:opacity-60"
    >
      {pending ? "Retrying…" : "Retry"}
    </button>
  );
}
