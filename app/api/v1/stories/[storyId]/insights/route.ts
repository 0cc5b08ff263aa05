import { getStoryInsights } from "@/lib/analytics/get-story-insights";
import { presentStoryInsights } from "../../../_lib/insight-resources";
import { routes } from "../../../_lib/routes";
import { withApiKey } from "../../../_lib/with-api-key";

export const dynamic = "force-dynamic";

// GET /api/v1/stories/{storyId}/insights – a story's numbers per channel, their growth and its frame funnel
export const GET = withApiKey(routes.getStoryInsights, async ({ ctx, deps, params }) =>
  presentStoryInsights(await getStoryInsights(deps.db, ctx, params.storyId)),
);
