import { storyResponse } from "../../_lib/present";
import { routes } from "../../_lib/routes";
import { withApiKey } from "../../_lib/with-api-key";

export const dynamic = "force-dynamic";

// GET /api/v1/stories/{storyId} – one story with every target's state, ids, permalink and error
export const GET = withApiKey(routes.getStory, ({ ctx, deps, params }) =>
  storyResponse(deps.db, ctx, params.storyId),
);
