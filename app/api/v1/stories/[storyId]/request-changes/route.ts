import { requestStoryChanges } from "@/lib/stories/request-story-changes";
import { storyResponse } from "../../../_lib/present";
import { routes } from "../../../_lib/routes";
import { withApiKey } from "../../../_lib/with-api-key";

export const dynamic = "force-dynamic";

// POST /api/v1/stories/{storyId}/request-changes – send the reviewed version back with a comment
export const POST = withApiKey(routes.requestStoryChanges, async ({ ctx, deps, params, body }) => {
  const { needsNewTime, waitingFor } = await requestStoryChanges(deps, ctx, params.storyId, body);
  return { ...(await storyResponse(deps.db, ctx, params.storyId)), needsNewTime, waitingFor };
});
