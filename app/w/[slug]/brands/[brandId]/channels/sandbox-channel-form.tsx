"use client";

import { useActionState } from "react";
import { FormMessage } from "@/app/_components/form";
import { type ActionState, initialActionState } from "@/app/_lib/action-state";

type Action = (prev: ActionState, formData: FormData) => Promise<ActionState>;

/**
 * One button per platform the brand has no sandbox channel on yet. Sandbox channels publish to
 * the bundled simulators, so a new user can try the whole flow without a real account.
 */
export function SandboxChannelForm({
  action,
  platforms,
}: {
  action: Action;
  platforms: { platform: string; label: string }[];
}) {
  const [state, formAction, pending] = useActionState(action, initialActionState);
  return (
    <form action={formAction} className="flex flex-col gap-2" aria-label="Add a sandbox channel">
      <p className="text-sm text-zinc-600">
        Try StoryRelay without a real account: a sandbox channel publishes to the bundled simulator.
      </p>
      <div className="flex flex-wrap gap-2">
        {platforms.map(({ platform, label }) => (
          <button
            key={platform}
            type="submit"
            name="platform"
            value={platform}
            disabled={pending}
            className="rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-zinc-50 disabled:opacity-60"
          >
            Add {label} sandbox
          </button>
        ))}
      </div>
      <FormMessage state={state} />
    </form>
  );
}
