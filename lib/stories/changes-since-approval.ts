import { diffStorySnapshots, parseStorySnapshot, type StoryChange } from "@/lib/core/story-snapshot";
import type { DbOrTx } from "@/lib/db/client";
import { readStorySnapshot } from "./read-story-snapshot";

export type ChangesSinceApproval = {
  /** The earlier version that was approved, and by whom (a member's or a client's name). */
  approvedVersion: number;
  approvedBy: string;
  changes: StoryChange[];
};

/**
 * For stories back in review after an approval of an earlier version, what changed since that
 * approval (lib/core/story-snapshot.ts), keyed by story id; stories never approved are absent.
 * The viewer's own last approval is the one compared with when they gave one ("since you
 * approved"), else the latest by anyone. The callers have checked who may see these stories.
 */
export async function changesSinceApproval(
  db: DbOrTx,
  workspaceId: string,
  stories: readonly { id: string; version: number }[],
  viewerUserId: string | null,
): Promise<Map<string, ChangesSinceApproval>> {
  const found = new Map<string, ChangesSinceApproval>();
  if (stories.length === 0) return found;
  const approvals = await db.approval.findMany({
    where: {
      workspaceId,
      storyId: { in: stories.map((s) => s.id) },
      decision: "APPROVED",
    },
    orderBy: { createdAt: "desc" },
    select: {
      storyId: true,
      storyVersion: true,
      reviewerId: true,
      reviewerName: true,
      contentSnapshot: true,
      reviewer: { select: { name: true } },
    },
  });
  for (const story of stories) {
    // An approval stored before snapshots has nothing to compare with.
    const earlier = approvals.filter(
      (a) =>
        a.storyId === story.id && a.storyVersion < story.version && parseStorySnapshot(a.contentSnapshot),
    );
    const chosen = earlier.find((a) => viewerUserId !== null && a.reviewerId === viewerUserId) ?? earlier[0];
    const before = chosen ? parseStorySnapshot(chosen.contentSnapshot) : null;
    if (!chosen || !before) continue;
    const now = await readStorySnapshot(db, workspaceId, story.id);
    found.set(story.id, {
      approvedVersion: chosen.storyVersion,
      approvedBy:
        chosen.reviewerId !== null && chosen.reviewerId === viewerUserId
          ? "you"
          : (chosen.reviewer?.name ??
            (chosen.reviewerName ? `${chosen.reviewerName} (client)` : "a reviewer")),
      changes: diffStorySnapshots(before, now),
    });
  }
  return found;
}
