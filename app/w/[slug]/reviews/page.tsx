import { LocalTime } from "@/app/_components/local-time";
import Link from "@/app/_components/ui/link";
import { requireWorkspace } from "@/app/_lib/workspace";
import { can } from "@/lib/core/roles";
import { db } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { listStoriesToReview } from "@/lib/stories/list-stories-to-review";
import { FrameThumbnails } from "../frame-thumbnails";
import { approveStoriesAction } from "../stories-actions";
import { thumbnailSigner } from "../thumbnail-urls";
import { BulkApproveForm } from "./bulk-approve-form";

// /w/[slug]/reviews – every story waiting for a reviewer's decision, across the brands the
// member sees, soonest first; each opens on its story page, where Approve and Request changes are,
// and several can be approved at once here (each at the version its row shows). A page at a time
// (`?after=` is the previous page's cursor): thousands may wait, and the page says how many.

export const metadata = { title: "Reviews" };

export default async function ReviewsPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ after?: string | string[] }>;
}) {
  const { slug } = await params;
  const { after } = await searchParams;
  const cursor = typeof after === "string" && after !== "" ? after : undefined;
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
  const queue = await listStoriesToReview(db(), ctx, { cursor }).catch((error: unknown) => {
    // A hand-edited or outdated ?after= is not worth an error page: say so and offer the start.
    if (isAppError(error, "INVALID_INPUT")) return null;
    throw error;
  });
  if (!queue) {
    return (
      <section className="flex flex-col gap-4">
        <h1 className="text-2xl font-semibold">Reviews</h1>
        <p role="alert" className="text-red-700">
          This page link is not valid.{" "}
          <Link href={`${base}/reviews`} className="text-brand-700 underline underline-offset-2">
            Open the queue from the start
          </Link>
          .
        </p>
      </section>
    );
  }
  const { stories, total, nextCursor } = queue;
  const sign = thumbnailSigner();
  const here = cursor ? `${base}/reviews?after=${encodeURIComponent(cursor)}` : `${base}/reviews`;
  return (
    <section className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">Reviews</h1>
      <p className="text-zinc-600">
        Stories waiting for your decision, soonest first. None of them is published until it is approved.
      </p>
      {total > 0 ? (
        <p className="font-medium" data-testid="reviews-total">
          {total === 1 ? "1 story waits" : `${new Intl.NumberFormat("en").format(total)} stories wait`} for
          you
          {cursor ? " (this page continues the queue)" : ""}.
        </p>
      ) : null}
      {stories.length === 0 ? (
        <p data-testid="reviews-empty">
          {total === 0 ? "Nothing waits for review." : "No more stories wait after the previous page."}
        </p>
      ) : (
        <BulkApproveForm
          action={approveStoriesAction.bind(null, ctx.workspaceSlug)}
          reloadHref={here}
          rows={stories.map((story) => ({
            id: story.id,
            version: story.version,
            title: story.title,
            content: (
              <div className="flex min-w-0 items-start gap-3">
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
                  {story.reviewOverdueAt && story.scheduledAt ? (
                    <p className="text-sm font-medium text-red-700" data-testid="review-item-overdue">
                      Overdue: needed approval by{" "}
                      <LocalTime instant={story.scheduledAt.toISOString()} zone={story.timeZone} />
                    </p>
                  ) : null}
                  {story.changedSince ? (
                    <p className="text-sm break-words text-amber-800" data-testid="review-item-changes">
                      {story.changedSince.count === 0
                        ? `Unchanged since ${story.changedSince.approvedBy} approved version ${story.changedSince.approvedVersion}.`
                        : `Changed since ${story.changedSince.approvedBy} approved version ${story.changedSince.approvedVersion}: ${story.changedSince.first.join(" ")}${story.changedSince.count > story.changedSince.first.length ? ` (+${story.changedSince.count - story.changedSince.first.length} more)` : ""}`}
                    </p>
                  ) : null}
                </div>
              </div>
            ),
          }))}
        />
      )}
      {cursor || nextCursor ? (
        <nav aria-label="Review queue pages" className="flex flex-wrap gap-4 text-sm">
          {cursor ? (
            <Link
              href={`${base}/reviews`}
              className="text-brand-700 underline underline-offset-2"
              data-testid="reviews-first-page"
            >
              First page
            </Link>
          ) : null}
          {nextCursor ? (
            <Link
              href={`${base}/reviews?after=${encodeURIComponent(nextCursor)}`}
              className="text-brand-700 underline underline-offset-2"
              data-testid="reviews-next-page"
            >
              Next page
            </Link>
          ) : null}
        </nav>
      ) : null}
    </section>
  );
}
