import { createComment } from "@/lib/comments/create-comment";
import { commentAuthorLabel, listComments } from "@/lib/comments/list-comments";
import { env } from "@/lib/env";
import { mailNoticesNow } from "@/lib/notifications/mail-notices-now";
import { routes } from "../../../_lib/routes";
import { withApiKey } from "../../../_lib/with-api-key";

export const dynamic = "force-dynamic";

// GET /api/v1/stories/{storyId}/comments – a story's comments, oldest first
export const GET = withApiKey(routes.listComments, async ({ ctx, deps, params }) => {
  const comments = await listComments(deps.db, ctx, params.storyId);
  return {
    data: comments.map((c) => ({ ...c, authorId: c.author?.id ?? null, authorLabel: commentAuthorLabel(c) })),
    nextCursor: null,
  };
});

// POST /api/v1/stories/{storyId}/comments – comment on a story, notifying the people it mentions
export const POST = withApiKey(routes.createComment, async ({ ctx, deps, params, body }) => {
  const created = await createComment(deps, ctx, params.storyId, body);
  await mailNoticesNow(
    { db: deps.db, baseUrl: env().PUBLIC_BASE_URL, logger: deps.logger },
    ctx.workspaceId,
    created.toldUserIds,
  );
  return {
    ...created.comment,
    authorId: ctx.userId,
    authorLabel: commentAuthorLabel({ author: null, clientName: null, reviewLinkId: null }),
    notNotified: created.notNotified,
  };
});
