import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";

/**
 * Locks a story that waits for review and checks that the reviewer saw the version now stored.
 * Approval binds to a version: an edit between opening and deciding would otherwise let a
 * reviewer approve content they never saw. Another workspace's story, or a brand the reviewer
 * cannot see (`canSee`: a member limited to other brands), is "not found"; a story not in review,
 * or a stale version, is a conflict.
 */
export async function lockStoryForReview(
  tx: Prisma.TransactionClient,
  scope: { workspaceId: string; canSee: (brandId: string) => boolean },
  storyId: string,
  version: number,
) {
  const [story] = await tx.$queryRaw<
    {
      id: string;
      status: string;
      brandId: string;
      authorId: string | null;
      version: number;
      scheduledAt: Date | null;
      freshnessDeadline: Date | null;
    }[]
  >`
    SELECT id, status, "brandId", "authorId", version, "scheduledAt", "freshnessDeadline" FROM "Story"
    WHERE id = ${storyId} AND "workspaceId" = ${scope.workspaceId} FOR UPDATE`;
  if (!story || !scope.canSee(story.brandId)) {
    throw new AppError("NOT_FOUND", "This story does not exist or you cannot see it.");
  }
  if (story.status !== "IN_REVIEW") {
    throw new AppError(
      "CONFLICT",
      `This story is ${story.status.toLowerCase().replace("_", " ")}, not waiting for review.`,
    );
  }
  if (story.version !== version) {
    throw new AppError(
      "CONFLICT",
      `This story changed since you opened it: review version ${story.version}.`,
      { fields: { version: `Review version ${story.version}.` } },
    );
  }
  return story;
}
