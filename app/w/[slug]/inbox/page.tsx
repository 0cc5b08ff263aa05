import { LocalTime } from "@/app/_components/local-time";
import Link from "@/app/_components/ui/link";
import { requireAgencyWorkspace } from "@/app/_lib/workspace";
import { listBrands } from "@/lib/brands/list-brands";
import { STORY_PLATFORMS } from "@/lib/core/platforms/registry";
import { formatRemaining } from "@/lib/core/reply-window";
import { db } from "@/lib/db/client";
import type { ConversationStatus, Platform } from "@/lib/db/generated/enums";
import { isAppError } from "@/lib/errors";
import { type ConversationListItem, listConversations } from "@/lib/inbox/list-conversations";
import { listRepliedStories } from "@/lib/inbox/list-replied-stories";
import { canSeeBrand } from "@/lib/workspaces/context";
import { PLATFORM_LABELS } from "../channel-badge";
import { Avatar } from "./avatar";
import { InboxLive } from "./inbox-live";

export const metadata = { title: "Inbox" };

type Search = Record<string, string | string[] | undefined>;

const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? "";

const select = "rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm";

export default async function InboxPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Search>;
}) {
  const ctx = await requireAgencyWorkspace((await params).slug);
  const search = await searchParams;
  const brandId = one(search.brand);
  const platform = one(search.platform);
  const storyId = one(search.story);
  const status = one(search.status) || "OPEN";
  const mine = one(search.mine) === "1";
  const unanswered = one(search.unanswered) === "1";
  const cursor = one(search.cursor);
  const [brands, stories] = await Promise.all([
    listBrands(db(), ctx),
    listRepliedStories(db(), ctx, { brandId: brandId && canSeeBrand(ctx, brandId) ? brandId : undefined }),
  ]);
  const base = `/w/${ctx.workspaceSlug}`;

  let page: Awaited<ReturnType<typeof listConversations>> | null = null;
  let problem: string | null = null;
  try {
    page = await listConversations({ db: db() }, ctx, {
      brandId: brandId || undefined,
      platform: (STORY_PLATFORMS as readonly string[]).includes(platform)
        ? (platform as Platform)
        : undefined,
      storyId: storyId || undefined,
      status: status === "ALL" ? undefined : (status as ConversationStatus),
      assignedToMe: mine,
      unanswered,
      cursor: cursor || undefined,
    });
  } catch (error) {
    if (!isAppError(error)) throw error;
    problem = error.message;
  }
  const keep = new URLSearchParams(
    Object.entries({
      brand: brandId,
      platform,
      story: storyId,
      status,
      mine: mine ? "1" : "",
      unanswered: unanswered ? "1" : "",
    }).filter(([, v]) => v !== ""),
  );

  return (
    <section className="flex flex-col gap-4" aria-labelledby="inbox-heading">
      <InboxLive slug={ctx.workspaceSlug} />
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 id="inbox-heading" className="text-2xl font-semibold">
          Inbox
        </h1>
        <Link href={`${base}/inbox/saved-replies`} className="text-sm text-brand-700 underline">
          Saved replies
        </Link>
        {one(search.erased) === "1" ? (
          <p role="status" className="rounded-md bg-green-50 px-3 py-1 text-sm text-green-800">
            The conversation was erased.
          </p>
        ) : null}
      </div>
      <form
        method="get"
        className="flex flex-wrap items-end gap-3 rounded-md border border-zinc-200 bg-white p-3"
        aria-label="Filter conversations"
      >
        {brands.length > 1 ? (
          <label className="flex flex-col gap-1 text-sm">
            Brand
            <select name="brand" defaultValue={brandId} className={select}>
              <option value="">All brands</option>
              {brands.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.name}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <label className="flex flex-col gap-1 text-sm">
          Platform
          <select name="platform" defaultValue={platform} className={select}>
            <option value="">All platforms</option>
            {STORY_PLATFORMS.map((p) => (
              <option key={p} value={p}>
                {PLATFORM_LABELS[p]}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-sm">
          Status
          <select name="status" defaultValue={status} className={select}>
            <option value="OPEN">Open</option>
            <option value="DONE">Done</option>
            <option value="ALL">All</option>
          </select>
        </label>
        {stories.length > 0 || storyId ? (
          <label className="flex flex-col gap-1 text-sm">
            Story
            <select name="story" defaultValue={storyId} className={`${select} max-w-56`}>
              <option value="">All stories</option>
              {storyId && !stories.some((s) => s.id === storyId) ? (
                <option value={storyId}>This story</option>
              ) : null}
              {stories.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.title || "Untitled story"}
                  {brands.length > 1 ? ` · ${s.brand.name}` : ""}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <label className="flex items-center gap-1.5 text-sm">
          <input type="checkbox" name="mine" value="1" defaultChecked={mine} /> Assigned to me
        </label>
        <label className="flex items-center gap-1.5 text-sm">
          <input type="checkbox" name="unanswered" value="1" defaultChecked={unanswered} /> Unanswered
        </label>
        <button
          type="submit"
          className="rounded-md border border-zinc-300 bg-white px-3 py-1 text-sm font-medium hover:bg-zinc-50"
        >
          Filter
        </button>
      </form>
      {problem ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {problem}
        </p>
      ) : null}
      {page && page.conversations.length === 0 ? (
        <p className="text-zinc-600">
          No conversations here. Replies, reactions and mentions of your stories arrive here as people send
          them.
        </p>
      ) : null}
      {page && page.conversations.length > 0 ? (
        <ul
          aria-label="Conversations"
          className="flex flex-col divide-y divide-zinc-200 rounded-md border border-zinc-200 bg-white"
        >
          {page.conversations.map((c) => (
            <ConversationRow key={c.id} c={c} href={`${base}/inbox/${c.id}`} />
          ))}
        </ul>
      ) : null}
      {page?.nextCursor ? (
        <Link
          href={`${base}/inbox?${new URLSearchParams([...keep, ["cursor", page.nextCursor]]).toString()}`}
          className="self-start text-sm text-brand-700 underline"
        >
          Older conversations
        </Link>
      ) : null}
    </section>
  );
}

function ConversationRow({ c, href }: { c: ConversationListItem; href: string }) {
  const person = c.participantHandle ? `@${c.participantHandle}` : (c.participantName ?? "Someone");
  const windowText =
    c.window.kind === "open"
      ? `window ${formatRemaining(c.window.closesAt.getTime() - Date.now())} left`
      : c.window.kind === "tagged"
        ? "human-agent reply only"
        : c.window.kind === "closed"
          ? "window closed"
          : null;
  return (
    <li className={c.unreadCount > 0 ? "bg-brand-50" : undefined}>
      <Link href={href} className="flex gap-3 p-3 hover:bg-zinc-50">
        <Avatar url={c.participantAvatarUrl} />
        <div className="flex min-w-0 flex-1 flex-col gap-0.5">
          <p className="flex flex-wrap items-baseline gap-x-2">
            <span className="font-medium break-all">{person}</span>
            {c.participantHandle && c.participantName ? (
              <span className="text-sm text-zinc-600">{c.participantName}</span>
            ) : null}
            {c.unreadCount > 0 ? (
              <span className="rounded-full bg-brand-700 px-1.5 text-xs font-semibold text-white tabular-nums">
                <span className="sr-only">Unread: </span>
                {c.unreadCount}
              </span>
            ) : null}
          </p>
          <p className="truncate text-sm text-zinc-800">{c.lastMessagePreview ?? "(message removed)"}</p>
          <p className="flex flex-wrap gap-x-2 text-xs text-zinc-500">
            <span>{PLATFORM_LABELS[c.channel.platform]}</span>
            <span>· {c.brand.name}</span>
            {c.assignee ? <span>· {c.assignee.name}</span> : null}
            {c.status === "DONE" ? <span>· done</span> : null}
            {windowText ? <span>· {windowText}</span> : null}
            <span>
              · <LocalTime instant={c.lastMessageAt.toISOString()} />
            </span>
          </p>
        </div>
      </Link>
    </li>
  );
}
