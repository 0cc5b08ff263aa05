import { approveStory } from "@/lib/stories/approve-story";
import { storyResponse } from "../../../_lib/present";
import { routes } from "../../../_lib/routes";
import { withApiKey } from "../../../_lib/with-api-key";

export const dynamic = "force-dynamic";

// POST /api/v1/stories/{storyId}/approve – approve the reviewed version of a story
export const POST = withApiKey(routes.approveStory, async ({ ctx, deps, params, body }) => {
  const { needsNewTime, waitingFor } = await approveStory(deps, ctx, params.storyId, body);
  return { ...(await storyResponse(deps.db, ctx, params.storyId)), needsNewTime, waitingFor };
});
