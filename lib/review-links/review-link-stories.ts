import type { Prisma } from "@/lib/db/generated/client";

/** The statuses a client never sees through a link: a draft is not ready, a canceled story is gone. */
const HIDDEN_STATUSES = ["DRAFT", "CANCELED"] as const;

export type LinkScope = {
  id: string;
  workspaceId: string;
  brandId: string;
  startsAt: Date | null;
  endsAt: Date | null;
};

/**
 * The stories a link shows, as a Prisma filter: always the link's own brand and workspace, then
 * either its date range or its selection. Every read through a link (the page, a decision, a
 * comment, a media file) goes through this one filter, so "not in the link" means the same
 * everywhere: another brand's story, or a story outside the range, is "not found".
 */
export function linkStoryFilter(link: LinkScope): Prisma.StoryWhereInput {
  return {
    workspaceId: link.workspaceId,
    brandId: link.brandId,
    status: { notIn: [...HIDDEN_STATUSES] },
    ...(link.startsAt && link.endsAt
      ? { scheduledAt: { gte: link.startsAt, lt: link.endsAt } }
      : { reviewLinks: { some: { reviewLinkId: link.id } } }),
  };
}
