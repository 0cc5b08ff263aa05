import type { Metadata } from "next";
import { headers } from "next/headers";
import { MAIN_ID } from "@/app/_components/ui/skip-link";
import { clientRequestOf, reviewDeps } from "@/app/review/_lib/review-deps";
import { isAppError } from "@/lib/errors";
import { getReviewPage } from "@/lib/review-links/get-review-page";
import { type BoardStory, ReviewBoard } from "./review-board";

// The client's review page: no session is read or set here (the link is its own authorisation),
// search engines are told to keep out, and no page the client opens from here learns the URL.
export const metadata: Metadata = {
  title: "Review stories",
  robots: { index: false, follow: false },
  referrer: "no-referrer",
};

export const dynamic = "force-dynamic";

export default async function ReviewPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  let page: Awaited<ReturnType<typeof getReviewPage>>;
  try {
    page = await getReviewPage(reviewDeps(), token, clientRequestOf(await headers()));
  } catch (error) {
    if (isAppError(error, "NOT_FOUND") || isAppError(error, "RATE_LIMITED")) {
      return (
        <main
          id={MAIN_ID}
          tabIndex={-1}
          className="mx-auto flex max-w-xl flex-col gap-3 px-4 py-16 outline-none"
        >
          <h1 className="text-2xl font-semibold">Review stories</h1>
          <p
            role="alert"
            className="rounded-md bg-amber-50 px-3 py-2 text-amber-900"
            data-testid="review-refusal"
          >
            {error.message}
          </p>
        </main>
      );
    }
    throw error;
  }
  const base = `/review/${token}`;
  const stories: BoardStory[] = page.stories.map((story) => ({
    id: story.id,
    title: story.title,
    status: story.status,
    version: story.version,
    scheduledAt: story.scheduledAt?.toISOString() ?? null,
    zone: story.timeZone ?? page.brand.timeZone,
    whatsappText: story.whatsappText ?? "",
    frames: story.frames.map((frame) => ({
      id: frame.id,
      kind: frame.mediaAsset?.kind ?? null,
      mimeType: frame.mediaAsset?.mimeType ?? null,
      originalName: frame.mediaAsset?.originalName ?? "Text status",
      url: frame.mediaAsset ? `${base}/media/${frame.id}` : null,
      text: frame.text,
      backgroundColor: frame.backgroundColor,
    })),
    channels: story.targets.map((target) => ({
      platform: target.channel.platform,
      displayName: target.channel.displayName,
      caption: target.captionOverride,
      frameIds: target.frames.map((f) => f.frameId),
    })),
    decisions: story.approvals.map((a) => ({
      id: a.id,
      decision: a.decision,
      note: a.note,
      name: a.reviewerName ?? "",
      version: a.storyVersion,
      at: a.createdAt.toISOString(),
    })),
    comments: story.comments.map((c) => ({
      id: c.id,
      body: c.body,
      name: c.authorName ?? "",
      at: c.createdAt.toISOString(),
    })),
  }));
  return (
    <main id={MAIN_ID} tabIndex={-1} className="mx-auto flex max-w-5xl flex-col gap-6 px-4 py-8 outline-none">
      <header className="flex flex-col gap-1">
        <p className="text-sm text-zinc-500">Stories for review</p>
        <h1 className="text-2xl font-semibold" data-testid="review-brand">
          {page.brand.name}
        </h1>
        <p className="text-zinc-700">
          {page.clientDecides
            ? "Approve each story, or ask for changes with a comment. Times are in the brand's zone."
            : "The agency approves these stories: you can look at them and leave comments. Times are in the brand's zone."}
        </p>
      </header>
      <ReviewBoard base={base} clientDecides={page.clientDecides} stories={stories} />
    </main>
  );
}
