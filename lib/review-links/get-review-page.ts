import { linkStoryFilter } from "./review-link-stories";
import { type ClientRequest, openForRequest, type ReviewLinkDeps } from "./review-request";

/** How many stories one link page shows; a link covers at most about two months of a brand's plan. */
const PAGE_LIMIT = 200;

/**
 * What the public review page shows for a token: the brand, whether the client's approval counts
 * (the brand's policy asks for it) or the client may only comment, and each story of the link in
 * time order with its frames per platform, its time and zone, and what was said through this
 * link. Nothing else of the workspace is read: no members, no other brands, no channel config.
 */
export async function getReviewPage(deps: ReviewLinkDeps, token: string, request: ClientRequest) {
  const link = await openForRequest(deps, token, request);
  const stories = await deps.db.story.findMany({
    where: linkStoryFilter(link),
    orderBy: [{ scheduledAt: { sort: "asc", nulls: "last" } }, { createdAt: "asc" }],
    take: PAGE_LIMIT,
    select: {
      id: true,
      title: true,
      status: true,
      version: true,
      scheduledAt: true,
      timeZone: true,
      whatsappText: true,
      frames: {
        orderBy: { position: "asc" },
        select: {
          id: true,
          text: true,
          backgroundColor: true,
          mediaAsset: { select: { kind: true, mimeType: true, originalName: true } },
        },
      },
      targets: {
        orderBy: { channel: { platform: "asc" } },
        select: {
          captionOverride: true,
          channel: { select: { platform: true, displayName: true } },
          frames: { orderBy: { position: "asc" }, select: { frameId: true } },
        },
      },
      // Only what was said through this link: the team's own discussion stays inside.
      approvals: {
        where: { reviewLinkId: link.id },
        orderBy: { createdAt: "desc" },
        select: {
          id: true,
          decision: true,
          note: true,
          storyVersion: true,
          reviewerName: true,
          createdAt: true,
        },
      },
      comments: {
        where: { reviewLinkId: link.id },
        orderBy: { createdAt: "asc" },
        select: { id: true, body: true, authorName: true, createdAt: true },
      },
    },
  });
  return {
    link: { id: link.id, label: link.label, expiresAt: link.expiresAt },
    brand: { name: link.brand.name, timeZone: link.brand.timeZone },
    clientDecides: link.brand.approvalPolicy === "TEAM_AND_CLIENT",
    stories,
  };
}

export type ReviewPage = Awaited<ReturnType<typeof getReviewPage>>;
export type ReviewPageStory = ReviewPage["stories"][number];
