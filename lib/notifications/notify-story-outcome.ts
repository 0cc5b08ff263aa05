import type { NotificationEvent, NotificationKind } from "./notify";

const OUTCOMES: Record<string, { kind: NotificationKind; title: (story: string) => string; body: string }> = {
  PUBLISHED: {
    kind: "story.published",
    title: (story) => `Published: ${story}`,
    body: "It is live on every channel.",
  },
  FAILED: {
    kind: "story.failed",
    title: (story) => `Failed: ${story}`,
    body: "No channel published it. The story page says why and offers a retry.",
  },
  PARTIAL: {
    kind: "story.partially_failed",
    title: (story) => `Partly failed: ${story}`,
    body: "Some channels published it and some did not. The story page says which, and why.",
  },
};

/**
 * The bell's notice for a story's final status (written by the roll-up, in its transaction): its
 * author hears of every outcome, the owners and admins of its brand of failures too. Null for a
 * status without one (CANCELED, EXPIRED: their own notices say more).
 */
export function storyOutcomeNotice(
  story: { id: string; workspaceId: string },
  status: string,
  /** As the roll-up's update returned them. */
  detail: { brandId: string; title: string; authorId: string | null },
): NotificationEvent | null {
  const outcome = OUTCOMES[status];
  if (!outcome) return null;
  return {
    kind: outcome.kind,
    workspaceId: story.workspaceId,
    brandId: detail.brandId,
    userIds: [detail.authorId],
    title: outcome.title(detail.title || "a story"),
    body: outcome.body,
    path: `/stories/${story.id}`,
  };
}
