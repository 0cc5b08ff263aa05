import { cancelStory } from "@/lib/stories/cancel-story";
import { storyResponse } from "../../../_lib/present";
import { routes } from "../../../_lib/routes";
import { withApiKey } from "../../../_lib/with-api-key";

export const dynamic = "force-dynamic";

// POST /api/v1/stories/{storyId}/cancel – cancel a story
export const POST = withApiKey(routes.cancelStory, async ({ ctx, deps, params }) => {
  await cancelStory(deps, ctx, params.storyId);
  return storyResponse(deps.db, ctx, params.storyId);
});
