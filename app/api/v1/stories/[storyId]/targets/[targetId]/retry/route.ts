import { retryTarget } from "@/lib/publishing/retry-target";
import { storyResponse } from "../../../../../_lib/present";
import { routes } from "../../../../../_lib/routes";
import { withApiKey } from "../../../../../_lib/with-api-key";

export const dynamic = "force-dynamic";

// POST /api/v1/stories/{storyId}/targets/{targetId}/retry – publish a failed target again
export const POST = withApiKey(routes.retryTarget, async ({ ctx, deps, params }) => {
  await retryTarget(deps, ctx, params.storyId, params.targetId);
  return storyResponse(deps.db, ctx, params.storyId);
});
