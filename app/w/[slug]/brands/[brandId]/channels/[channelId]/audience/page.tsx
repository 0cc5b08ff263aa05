import { ActionButtonForm } from "@/app/_components/action-button";
import Link from "@/app/_components/ui/link";
import { webDeps } from "@/app/_lib/deps";
import { orNotFound } from "@/app/_lib/or-not-found";
import { requireWorkspace } from "@/app/_lib/workspace";
import { listAudienceLists } from "@/lib/audiences/list-audience-lists";
import { listChannelContacts } from "@/lib/audiences/list-channel-contacts";
import { can } from "@/lib/core/roles";
import type { AudienceContact } from "@/lib/publishers/contract";
import { isPublisherError } from "@/lib/publishers/publisher-error";
import { changeMemberAction, createListAction, deleteListAction, renameListAction } from "./actions";
import { audienceDeps } from "./audience-deps";
import { ListNameForm } from "./list-name-form";

export const metadata = { title: "Status audience" };

const small = "rounded-md border border-zinc-300 bg-white px-3 py-1 text-sm font-medium hover:bg-zinc-50";

/**
 * A WhatsApp channel's audience lists: who a status can be limited to (decision 033). The
 * contacts are read live from the channel's gateway and never stored beyond a list's ids.
 */
export default async function StatusAudiencePage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string; brandId: string; channelId: string }>;
  searchParams: Promise<{ list?: string; q?: string }>;
}) {
  const { slug, brandId, channelId } = await params;
  const { list: selectedId, q } = await searchParams;
  const ctx = await requireWorkspace(slug);
  const deps = audienceDeps(webDeps());
  const { channel, lists } = await orNotFound(listAudienceLists(deps, ctx, channelId));
  const canEdit = can(ctx.role, "stories:edit");
  const search = typeof q === "string" ? q.slice(0, 100) : "";
  let contacts: AudienceContact[] = [];
  let gatewayProblem: string | null = null;
  try {
    contacts = await listChannelContacts(deps, ctx, { channelId, search: search || undefined });
  } catch (error) {
    if (!isPublisherError(error)) throw error;
    gatewayProblem = error.advice;
  }
  const selected = lists.find((l) => l.id === selectedId) ?? null;
  const members = new Set(selected?.contactIds ?? []);
  const base = `/w/${slug}/brands/${channel.brandId}/channels/${channel.id}/audience`;
  const withList = (id: string) => `${base}?list=${encodeURIComponent(id)}`;

  return (
    <section className="flex flex-col gap-6">
      <div>
        <Link href={`/w/${slug}/brands/${brandId}`} className="text-sm text-zinc-600 underline">
          Back to the brand
        </Link>
        <h1 className="text-2xl font-semibold break-words">Status audience: {channel.displayName}</h1>
        <p className="text-zinc-600">
          A status goes to all of this number&apos;s contacts unless a story picks a list: only the list, or
          everyone except it. A story keeps the contacts its list had when it was scheduled.
        </p>
      </div>

      <div className="flex flex-col gap-3">
        <h2 className="text-lg font-semibold">Lists</h2>
        {lists.length === 0 ? <p className="text-zinc-600">No lists yet.</p> : null}
        <ul className="flex flex-col gap-2">
          {lists.map((list) => (
            <li
              key={list.id}
              className={`flex flex-wrap items-center gap-x-3 gap-y-1 rounded-lg border p-3 ${
                list.id === selected?.id ? "border-brand-600 bg-brand-50" : "border-zinc-200 bg-white"
              }`}
            >
              <Link href={withList(list.id)} className="min-w-0 font-medium break-words underline">
                {list.name}
              </Link>
              <span className="text-sm text-zinc-600">
                {list.contactIds.length} contact{list.contactIds.length === 1 ? "" : "s"}
              </span>
              {canEdit ? (
                <div className="ml-auto">
                  <ActionButtonForm
                    action={deleteListAction.bind(null, slug, brandId, channel.id, list.id)}
                    label="Delete"
                    pendingLabel="Deleting…"
                    className={small}
                    ariaLabel={`Delete the list ${list.name}`}
                    confirm={{
                      title: `Delete “${list.name}”?`,
                      description: "Stories already scheduled with it keep its contacts.",
                      destructive: true,
                      confirmLabel: "Delete list",
                    }}
                  />
                </div>
              ) : null}
            </li>
          ))}
        </ul>
        {canEdit ? (
          <ListNameForm
            action={createListAction.bind(null, slug, brandId, channel.id)}
            label="New list"
            submit="Create list"
          />
        ) : null}
      </div>

      {selected && canEdit ? (
        <div className="flex flex-col gap-2">
          <h2 className="text-lg font-semibold break-words">Editing “{selected.name}”</h2>
          <ListNameForm
            key={selected.id}
            action={renameListAction.bind(null, slug, brandId, channel.id, selected.id)}
            label="Name"
            submit="Rename"
            defaultValue={selected.name}
          />
        </div>
      ) : null}

      <div className="flex flex-col gap-3">
        <h2 className="text-lg font-semibold">Contacts</h2>
        <form method="get" action={base} className="flex flex-wrap items-end gap-2">
          {selected ? <input type="hidden" name="list" value={selected.id} /> : null}
          <label className="flex min-w-0 flex-col gap-1 text-sm font-medium">
            Search by name or number
            <input
              name="q"
              type="search"
              defaultValue={search}
              className="rounded-md border border-zinc-300 bg-white px-3 py-2"
            />
          </label>
          <button type="submit" className={small}>
            Search
          </button>
        </form>
        {gatewayProblem ? (
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
            The gateway&apos;s contacts could not be read: {gatewayProblem}
          </p>
        ) : null}
        {!selected && canEdit && lists.length > 0 ? (
          <p className="text-sm text-zinc-600">Pick a list above to add or remove contacts.</p>
        ) : null}
        <ul className="flex flex-col divide-y divide-zinc-200 rounded-lg border border-zinc-200 bg-white">
          {contacts.map((contact) => {
            const inList = members.has(contact.id);
            const label = contact.name ?? contact.number ?? contact.id;
            return (
              <li key={contact.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2">
                <span className="min-w-0 break-words">{label}</span>
                <span className="text-sm text-zinc-600">
                  {contact.number ? `+${contact.number}` : contact.id}
                </span>
                {selected && canEdit ? (
                  <div className="ml-auto">
                    <ActionButtonForm
                      action={changeMemberAction.bind(
                        null,
                        slug,
                        brandId,
                        channel.id,
                        selected.id,
                        contact.id,
                        inList ? "remove" : "add",
                      )}
                      label={inList ? "Remove" : "Add"}
                      pendingLabel="Saving…"
                      className={small}
                      ariaLabel={`${inList ? "Remove" : "Add"} ${label} ${inList ? "from" : "to"} ${selected.name}`}
                    />
                  </div>
                ) : null}
              </li>
            );
          })}
          {contacts.length === 0 && !gatewayProblem ? (
            <li className="px-3 py-2 text-zinc-600">No contacts match.</li>
          ) : null}
        </ul>
      </div>
    </section>
  );
}
