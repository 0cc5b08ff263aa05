import {
  diffStorySnapshots,
  parseStorySnapshot,
  type StoryChange,
  type StorySnapshot,
} from "@/lib/core/story-snapshot";
import type { DbOrTx } from "@/lib/db/client";
import { readStorySnapshots } from "./read-story-snapshot";

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
  const chosen = new Map<string, { approval: (typeof approvals)[number]; before: StorySnapshot }>();
  for (const story of stories) {
    // An approval stored before snapshots has nothing to compare with.
    const earlier = approvals.flatMap((approval) => {
      if (approval.storyId !== story.id || approval.storyVersion >= story.version) return [];
      const before = parseStorySnapshot(approval.contentSnapshot);
      return before ? [{ approval, before }] : [];
    });
    const pick =
      earlier.find(({ approval }) => viewerUserId !== null && approval.reviewerId === viewerUserId) ??
      earlier[0];
    if (pick) chosen.set(story.id, pick);
  }
  // One read for all the stories that have something to compare with.
  const current = await readStorySnapshots(db, workspaceId, [...chosen.keys()]);
  for (const [storyId, { approval, before }] of chosen) {
    const after = current.get(storyId);
    if (!after) continue;
    found.set(storyId, {
      approvedVersion: approval.storyVersion,
      approvedBy:
        approval.reviewerId !== null && approval.reviewerId === viewerUserId
          ? "you"
          : (approval.reviewer?.name ??
            (approval.reviewerName ? `${approval.reviewerName} (client)` : "a reviewer")),
      changes: diffStorySnapshots(before, after),
    });
  }
  return found;
}
