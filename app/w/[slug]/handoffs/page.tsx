import { LocalTime } from "@/app/_components/local-time";
import Link from "@/app/_components/ui/link";
import { requireWorkspace } from "@/app/_lib/workspace";
import { db } from "@/lib/db/client";
import { listOpenHandoffs } from "@/lib/publishing/list-open-handoffs";
import { ChannelBadge } from "../channel-badge";

// /w/[slug]/handoffs – stories waiting for someone to post them by hand (decision 023), oldest
// first, the member's own marked; each opens its phone page.

export const metadata = { title: "Post by hand" };

export default async function HandoffsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ctx = await requireWorkspace(slug);
  const handoffs = await listOpenHandoffs(db(), ctx);
  const base = `/w/${ctx.workspaceSlug}`;
  return (
    <section className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">Post by hand</h1>
      <p className="text-zinc-600">
        Stories that are due and wait for a person to post them from a phone: on a channel posted by hand, or
        with stickers the platform&apos;s API cannot add.
      </p>
      {handoffs.length === 0 ? (
        <p data-testid="handoffs-empty">Nothing waits to be posted by hand.</p>
      ) : (
        <ul className="flex flex-col gap-2" aria-label="Stories to post by hand">
          {handoffs.map((handoff) => (
            <li
              key={handoff.id}
              data-testid="handoff-item"
              className="flex flex-wrap items-center gap-2 rounded-lg border border-zinc-200 bg-white p-3"
            >
              <ChannelBadge channel={handoff.channel} />
              <div className="flex min-w-0 flex-1 flex-col">
                <Link
                  href={`${base}/handoffs/${handoff.id}`}
                  className="font-medium break-words text-brand-700 underline underline-offset-2"
                >
                  {handoff.story.title || "Untitled story"} on {handoff.channel.displayName}
                </Link>
                <span className="text-sm text-zinc-600">
                  {handoff.story.brand.name}
                  {handoff.story.scheduledAt ? (
                    <>
                      {" · due "}
                      <LocalTime instant={handoff.story.scheduledAt.toISOString()} />
                    </>
                  ) : null}
                  {handoff.mine ? " · handed to you" : ""}
                </span>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
