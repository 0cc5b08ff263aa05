"use client";

import { useState } from "react";
import { LocalTime } from "@/app/_components/local-time";

export type CreatedInvite = { url: string; email: string; expiresAt: string };

/**
 * The links created during this visit, newest first. Only a hash of each token is stored, so a
 * link can be shown only now: each keeps its own copy button, and a new invite does not hide the
 * one before it.
 */
export function InviteLinks({ invites }: { invites: CreatedInvite[] }) {
  if (invites.length === 0) return null;
  return (
    <ul className="flex flex-col gap-3" aria-label="Invite links created now">
      {invites.map((invite, index) => (
        <InviteLink key={invite.url} invite={invite} id={`invite-link-${invites.length - index}`} />
      ))}
    </ul>
  );
}

function InviteLink({ invite, id }: { invite: CreatedInvite; id: string }) {
  const [copied, setCopied] = useState<"yes" | "no" | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(invite.url);
      setCopied("yes");
    } catch {
      // No clipboard (an insecure origin, a denied permission): the link stays selectable.
      setCopied("no");
    }
  };
  return (
    <li
      className="flex flex-col gap-1 rounded-md border border-zinc-200 bg-white p-3"
      data-testid="invite-link"
    >
      <label htmlFor={id} className="text-sm font-medium">
        Invite link for {invite.email}
      </label>
      <div className="flex flex-wrap items-center gap-2">
        <input
          id={id}
          readOnly
          value={invite.url}
          onFocus={(event) => event.currentTarget.select()}
          className="min-w-0 flex-1 rounded-md border border-zinc-300 bg-zinc-50 px-3 py-2 font-mono text-xs"
        />
        <button
          type="button"
          onClick={copy}
          className="rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-zinc-50"
        >
          Copy link
        </button>
      </div>
      <p className="text-xs text-zinc-600">
        Works once, until <LocalTime instant={invite.expiresAt} />. It is shown only now: copy it before you
        leave this page.{" "}
        <span
          role="status"
          className={copied === "no" ? "font-medium text-red-700" : "font-medium text-emerald-700"}
        >
          {copied === "yes"
            ? "Copied."
            : copied === "no"
              ? "Could not copy: select the link and copy it yourself."
              : null}
        </span>
      </p>
    </li>
  );
}
