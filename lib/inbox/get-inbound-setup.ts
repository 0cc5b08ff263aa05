import { platformDescriptor } from "@/lib/core/platforms/registry";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { inboundAdapterFor } from "@/lib/publishers/inbound-registry";
import { assertCan, canSeeBrand, type WorkspaceContext } from "@/lib/workspaces/context";
import { wahaInboundHook } from "./inbound-hook";

export type InboundSetup = {
  /** Where the platform must post this channel's messages. */
  url: string;
  /** The key to sign them with, where the channel has its own (a WAHA session's hmac.key). */
  hmacKey?: string;
  /** What to do with them, in an operator's words. */
  instructions: string;
};

/**
 * What a channel's page shows so its replies reach the inbox: for a channel whose deliveries come
 * to its own URL (a WAHA gateway), the URL and the signing key to paste into the session's webhook
 * config (sandbox sessions are set up automatically); for Meta, the app's one webhook URL and the
 * fields to subscribe. The key is a secret that opens this channel's URL: owners and admins only.
 */
export async function getInboundSetup(
  deps: { db: Db; publicBaseUrl: string; serverSecret: string },
  ctx: WorkspaceContext,
  channelId: string,
): Promise<InboundSetup> {
  assertCan(ctx, "channels:manage", "see how a channel's messages reach StoryRelay");
  const channel = await deps.db.channel.findFirst({
    where: { id: channelId, workspaceId: ctx.workspaceId },
    select: { id: true, brandId: true, platform: true, sandbox: true },
  });
  if (!channel || !canSeeBrand(ctx, channel.brandId)) throw new AppError("NOT_FOUND", "No such channel.");
  const name = platformDescriptor(channel.platform).name;
  if (inboundAdapterFor(channel.platform).source === "waha") {
    const hook = wahaInboundHook(deps, channel.id);
    return {
      ...hook,
      instructions: channel.sandbox
        ? `The sandbox gateway is set up automatically: its session posts ${name} messages to this URL, signed with this key.`
        : `In your WAHA gateway, set this session's webhook: URL as shown, events "message", "message.reaction" and "message.any", HMAC key as shown (SHA-512). Keep the key secret: it lets anyone post messages to this channel's inbox.`,
    };
  }
  return {
    url: `${deps.publicBaseUrl.replace(/\/+$/, "")}/api/webhooks/meta`,
    instructions: `In your Meta app's Webhooks settings, subscribe this URL (with META_WEBHOOK_VERIFY_TOKEN) to the "messages" and "message_reactions" fields of ${name}, next to "story_insights". One subscription serves every ${name} account connected here.`,
  };
}
