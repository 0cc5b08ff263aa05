import { rescheduleStory } from "@/lib/stories/reschedule-story";
import { storyResponse } from "../../../_lib/present";
import { routes } from "../../../_lib/routes";
import { withApiKey } from "../../../_lib/with-api-key";

export const dynamic = "force-dynamic";

// POST /api/v1/stories/{storyId}/reschedule – move a story that has not started
export const POST = withApiKey(routes.rescheduleStory, async ({ ctx, deps, params, body }) => {
  const story = await rescheduleStory(deps, ctx, params.storyId, body);
  return { ...(await storyResponse(deps.db, ctx, params.storyId)), warnings: story.warnings };
});
