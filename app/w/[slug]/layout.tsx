import type { ReactNode } from "react";
import { DeletionBanner } from "@/app/_components/deletion-forms";
import Link from "@/app/_components/ui/link";
import { MAIN_ID } from "@/app/_components/ui/skip-link";
import { requireUser } from "@/app/_lib/session";
import { requireWorkspace } from "@/app/_lib/workspace";
import { signOutAction } from "@/app/(auth)/actions";
import { listBrands } from "@/lib/brands/list-brands";
import { can, ROLE_LABELS } from "@/lib/core/roles";
import { db } from "@/lib/db/client";
import { countUnreadConversations } from "@/lib/inbox/count-unread-conversations";
import { countUnreadNotifications } from "@/lib/notifications/count-unread-notifications";
import { isClientMember } from "@/lib/workspaces/context";
import { listUserWorkspaces } from "@/lib/workspaces/list-user-workspaces";
import { undoWorkspaceDeletionAction } from "./deletion-actions";

export default async function WorkspaceLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ slug: string }>;
}) {
  const { slug } = await params;
  const ctx = await requireWorkspace(slug);
  const user = await requireUser();
  const [doomed, workspaces, brands, unread, unreadConversations] = await Promise.all([
    db().workspace.findUnique({ where: { id: ctx.workspaceId }, select: { deleteAfter: true } }),
    listUserWorkspaces(db(), user.id),
    listBrands(db(), ctx),
    countUnreadNotifications(db(), ctx),
    countUnreadConversations(db(), ctx),
  ]);
  const base = `/w/${ctx.workspaceSlug}`;
  return (
    <div className="min-h-screen">
      <header className="border-b border-zinc-200 bg-white print:hidden">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-4 px-4 py-3">
          <Link href={base} className="font-semibold text-brand-700">
            StoryRelay
          </Link>
          <details className="relative">
            <summary className="cursor-pointer rounded-md border border-zinc-200 px-3 py-1.5 text-sm">
              <span className="sr-only">Workspace: </span>
              {ctx.workspaceName}
            </summary>
            <ul className="absolute z-10 mt-1 min-w-56 rounded-md border border-zinc-200 bg-white p-1 shadow-lg">
              {workspaces.map((w) => (
                <li key={w.id}>
                  <Link
                    href={`/w/${w.slug}`}
                    aria-current={w.slug === ctx.workspaceSlug ? "page" : undefined}
                    className="block rounded px-3 py-1.5 text-sm hover:bg-zinc-100 aria-[current]:font-semibold"
                  >
                    {w.name} <span className="text-zinc-500">· {ROLE_LABELS[w.role]}</span>
                  </Link>
                </li>
              ))}
              <li className="border-t border-zinc-100">
                <Link
                  href="/w/new"
                  className="block rounded px-3 py-1.5 text-sm text-brand-700 hover:bg-zinc-100"
                >
                  New workspace…
                </Link>
              </li>
            </ul>
          </details>
          <nav aria-label="Workspace" className="flex flex-wrap gap-x-3 gap-y-1 text-sm">
            <Link href={`${base}/calendar`}>Calendar</Link>
            {/* People's replies to the brands' stories; a client reviewer's pages leave it out. */}
            {isClientMember(ctx) ? null : (
              <Link
                href={`${base}/inbox`}
                aria-label={unreadConversations === 0 ? "Inbox" : `Inbox, ${unreadConversations} unread`}
              >
                Inbox
                {unreadConversations > 0 ? (
                  <span
                    data-testid="inbox-unread-count"
                    className="ml-1 rounded-full bg-brand-700 px-1.5 text-xs font-semibold text-white tabular-nums"
                  >
                    {unreadConversations > 99 ? "99+" : unreadConversations}
                  </span>
                ) : null}
              </Link>
            )}
            {/* Every member: the analytics pages show only the brands the member may see. */}
            <Link href={`${base}/analytics`}>Analytics</Link>
            {can(ctx.role, "stories:approve") ? <Link href={`${base}/reviews`}>Reviews</Link> : null}
            <Link href={`${base}/handoffs`}>Post by hand</Link>
            <Link href={`${base}/brands`}>Brands</Link>
            <Link href={`${base}/connections`}>Connections</Link>
            {/* A client member reviews their brands' stories: the agency's own pages are not theirs. */}
            {isClientMember(ctx) ? null : (
              <>
                <Link href={`${base}/media`}>Media</Link>
                <Link href={`${base}/members`}>Members</Link>
                <Link href={`${base}/settings`}>Settings</Link>
              </>
            )}
          </nav>
          <div className="ml-auto flex items-center gap-3 text-sm">
            <Link
              href={`${base}/notifications`}
              aria-label={unread === 0 ? "Notifications, none unread" : `Notifications, ${unread} unread`}
              className="relative inline-flex items-center gap-1.5 rounded-md border border-zinc-200 px-3 py-1.5"
            >
              <BellIcon />
              {unread > 0 ? (
                <span
                  data-testid="unread-count"
                  className="min-w-5 rounded-full bg-brand-700 px-1.5 text-center text-xs font-semibold text-white tabular-nums"
                >
                  {unread > 99 ? "99+" : unread}
                </span>
              ) : null}
            </Link>
            <Link
              href="/account/security"
              title="Account security: two-factor sign-in, where you are signed in"
            >
              {user.name} <span className="text-zinc-500">({ROLE_LABELS[ctx.role]})</span>
            </Link>
            <form action={signOutAction}>
              <button type="submit" className="rounded-md border border-zinc-200 px-3 py-1.5">
                Sign out
              </button>
            </form>
          </div>
        </div>
      </header>
      <div className="mx-auto flex max-w-6xl flex-col gap-6 px-4 py-6 md:flex-row">
        <nav aria-label="Brands" className="md:w-56 md:shrink-0 print:hidden">
          <h2 className="mb-2 text-xs font-semibold uppercase tracking-wide text-zinc-500">Brands</h2>
          <ul className="flex flex-wrap gap-1 md:flex-col">
            {brands.map((brand) => (
              <li key={brand.id}>
                <Link
                  href={`${base}/brands/${brand.id}`}
                  className="block rounded px-2 py-1 text-sm hover:bg-zinc-100"
                >
                  {brand.name}
                </Link>
              </li>
            ))}
            {brands.length === 0 ? <li className="text-sm text-zinc-500">No brands yet</li> : null}
          </ul>
        </nav>
        <main id={MAIN_ID} tabIndex={-1} className="outline-none min-w-0 flex-1">
          {doomed?.deleteAfter ? (
            <div className="mb-6">
              <DeletionBanner
                what={`The workspace ${ctx.workspaceName}`}
                deleteAfter={doomed.deleteAfter.toISOString()}
                undo={
                  ctx.role === "OWNER" ? undoWorkspaceDeletionAction.bind(null, ctx.workspaceSlug) : undefined
                }
              />
            </div>
          ) : null}
          {children}
        </main>
      </div>
    </div>
  );
}

function BellIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className="size-4 text-zinc-600">
      <path d="M10 2a5 5 0 0 0-5 5v2.6l-1.4 2.8A1 1 0 0 0 4.5 14h11a1 1 0 0 0 .9-1.6L15 9.6V7a5 5 0 0 0-5-5Zm-2 13a2 2 0 0 0 4 0H8Z" />
    </svg>
  );
}
