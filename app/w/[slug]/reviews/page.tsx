import Link from "next/link";
import { LocalTime } from "@/app/_components/local-time";
import { requireWorkspace } from "@/app/_lib/workspace";
import { can } from "@/lib/core/roles";
import { db } from "@/lib/db/client";
import { listStoriesToReview } from "@/lib/stories/list-stories-to-review";
import { FrameThumbnails } from "../frame-thumbnails";
import { thumbnailSigner } from "../thumbnail-urls";

// /w/[slug]/reviews – every story waiting for a reviewer's decision, across the brands the
// member sees, soonest first; each opens on its story page, where Approve and Request changes are.

export const metadata = { title: "Reviews" };

export default async function ReviewsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ctx = await requireWorkspace(slug);
  const base = `/w/${ctx.workspaceSlug}`;
  if (!can(ctx.role, "stories:approve")) {
    return (
      <section className="flex flex-col gap-4">
        <h1 className="text-2xl font-semibold">Reviews</h1>
        <p>
          Your role ({ctx.role.toLowerCase()}) does not review stories: approvers, admins and owners do.
          Stories you sent for review show “In review” on the calendar.
        </p>
      </section>
    );
  }
  const { stories, more } = await listStoriesToReview(db(), ctx);
  const sign = thumbnailSigner();
  return (
    <section className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">Reviews</h1>
      <p className="text-zinc-600">
        Stories waiting for your decision, soonest first. None of them is published until it is approved.
      </p>
      {stories.length === 0 ? (
        <p data-testid="reviews-empty">Nothing waits for review.</p>
      ) : (
        <ul className="flex flex-col gap-2" aria-label="Stories waiting for review">
          {stories.map((story) => (
            <li
              key={story.id}
              data-testid="review-item"
              className="flex items-start gap-3 rounded-lg border border-zinc-200 bg-white p-3"
            >
              <FrameThumbnails
                frames={story.frames.map((frame) => ({ ...frame, url: sign(frame.thumbnailKey) }))}
                total={story.frameCount}
              />
              <div className="flex min-w-0 flex-1 flex-col gap-1">
                <Link
                  href={`${base}/stories/${story.id}`}
                  className="min-w-0 font-medium break-words text-brand-700 underline underline-offset-2"
                >
                  {story.title}
                </Link>
                <p className="text-sm text-zinc-600">
                  {story.brand.name} · version {story.version}
                  {story.authorName ? ` · by ${story.authorName}` : ""}
                </p>
                <p className="text-sm text-zinc-700">
                  {story.scheduledAt ? (
                    <>
                      {story.scheduledAt.getTime() < Date.now() ? "Was due " : "Due "}
                      <LocalTime instant={story.scheduledAt.toISOString()} zone={story.timeZone} />
                    </>
                  ) : (
                    "No time set"
                  )}
                </p>
              </div>
            </li>
          ))}
        </ul>
      )}
      {more ? (
        <p className="text-sm text-zinc-600">
          More stories wait than this page lists: decide on these first, or filter the calendar by “In
          review”.
        </p>
      ) : null}
    </section>
  );
}
