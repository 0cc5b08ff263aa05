import { listStories } from "@/lib/stories/list-stories";
import { scheduleStory } from "@/lib/stories/schedule-story";
import { encodeStoryCursor } from "@/lib/stories/story-cursor";
import { storyResponse } from "../_lib/present";
import { routes } from "../_lib/routes";
import { withApiKey } from "../_lib/with-api-key";

export const dynamic = "force-dynamic";

// GET /api/v1/stories – list stories, filtered, a page at a time
export const GET = withApiKey(routes.listStories, async ({ ctx, deps, query }) => {
  // One extra row tells whether there is a next page.
  const rows = await listStories(deps.db, ctx, {
    brandId: query.brandId,
    status: query.status,
    scheduledFrom: query.scheduledFrom ? new Date(query.scheduledFrom) : undefined,
    scheduledBefore: query.scheduledBefore ? new Date(query.scheduledBefore) : undefined,
    cursor: query.cursor,
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return { data: page, nextCursor: rows.length > query.limit && last ? encodeStoryCursor(last) : null };
});

// POST /api/v1/stories – schedule a story on some of a brand's channels
export const POST = withApiKey(routes.createStory, async ({ ctx, deps, body }) => {
  const story = await scheduleStory(deps, ctx, body);
  return { ...(await storyResponse(deps.db, ctx, story.id)), warnings: story.warnings };
});
