import { getConversation } from "@/lib/inbox/get-conversation";
import { sendReply } from "@/lib/inbox/send-reply";
import { presentMessage, replyClientId } from "../../../_lib/inbox-present";
import { routes } from "../../../_lib/routes";
import { withApiKey } from "../../../_lib/with-api-key";

export const dynamic = "force-dynamic";

// GET /api/v1/conversations/{conversationId}/messages – a conversation's messages, oldest first
export const GET = withApiKey(routes.listMessages, async ({ ctx, deps, params }) => {
  const conversation = await getConversation({ db: deps.db }, ctx, params.conversationId);
  return { data: conversation.messages.map((m) => presentMessage(conversation.id, m)), nextCursor: null };
});

// POST /api/v1/conversations/{conversationId}/messages – answer the person, at most once per clientId
export const POST = withApiKey(routes.sendMessage, async ({ ctx, deps, params, body, idempotencyKey }) => {
  const clientId = replyClientId({ clientId: body.clientId, idempotencyKey, workspaceId: ctx.workspaceId });
  const message = await sendReply(deps.inbox, ctx, {
    conversationId: params.conversationId,
    clientId,
    text: body.text,
    imageAssetId: body.imageMediaId,
    useHumanAgentTag: body.humanAgent,
  });
  return presentMessage(params.conversationId, message);
});
