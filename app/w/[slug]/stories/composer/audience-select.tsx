"use client";

import type { ComposerChannel } from "./composer-types";

/**
 * The Audience select shown under a ticked channel that can limit who sees a status (WhatsApp):
 * all contacts, only a list, or all except a list. Value: "ALL", "ONLY:<listId>", "EXCEPT:<listId>".
 */
export function AudienceSelect(props: {
  channel: ComposerChannel;
  value: string;
  onChange: (value: string) => void;
}) {
  const { channel, value, onChange } = props;
  const lists = channel.audienceLists ?? [];
  const id = `audience-${channel.id}`;
  return (
    <div className="ml-6 flex flex-wrap items-center gap-2 text-sm">
      <label htmlFor={id} className="font-medium">
        Audience
      </label>
      <select
        id={id}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        className="max-w-full rounded-md border border-zinc-300 bg-white px-2 py-1"
      >
        <option value="ALL">All contacts</option>
        {lists.map((list) => (
          <option key={`only-${list.id}`} value={`ONLY:${list.id}`}>
            Only {list.name} ({list.contactCount})
          </option>
        ))}
        {lists.map((list) => (
          <option key={`except-${list.id}`} value={`EXCEPT:${list.id}`}>
            All except {list.name}
          </option>
        ))}
      </select>
      {lists.length === 0 ? (
        <span className="text-zinc-600">
          No lists yet: make them on the channel&apos;s Status audience page.
        </span>
      ) : null}
    </div>
  );
}

/** The composer's choices as the use case's input: "ALL" channels are left out (everyone). */
export function audiencesOf(choices: Readonly<Record<string, string>>, channelIds: readonly string[]) {
  return channelIds.flatMap((channelId) => {
    const [mode, listId] = (choices[channelId] ?? "ALL").split(":");
    return (mode === "ONLY" || mode === "EXCEPT") && listId ? [{ channelId, mode, listId }] : [];
  }) as { channelId: string; mode: "ONLY" | "EXCEPT"; listId: string }[];
}
