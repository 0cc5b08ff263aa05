import { listConversations } from "@/lib/inbox/list-conversations";
import { presentConversation } from "../_lib/inbox-present";
import { routes } from "../_lib/routes";
import { withApiKey } from "../_lib/with-api-key";

export const dynamic = "force-dynamic";

// GET /api/v1/conversations – inbox conversations of the visible brands, latest message first
export const GET = withApiKey(routes.listConversations, async ({ ctx, deps, query }) => {
  const page = await listConversations({ db: deps.db }, ctx, query);
  return { data: page.conversations.map(presentConversation), nextCursor: page.nextCursor };
});
