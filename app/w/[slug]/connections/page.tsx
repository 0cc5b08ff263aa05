import { audienceChannelIds } from "@/app/_lib/audience-channels";
import { webDeps } from "@/app/_lib/deps";
import { privacySettingsFor } from "@/app/_lib/privacy-settings";
import { requireWorkspace } from "@/app/_lib/workspace";
import { getConnectionHealth } from "@/lib/channels/get-connection-health";
import { privacySections } from "@/lib/core/privacy-facts";
import { can } from "@/lib/core/roles";
import { getInboundSetup, type InboundSetup } from "@/lib/inbox/get-inbound-setup";
import { ConnectionHealthList } from "./connection-health-list";
import { connectionHealthDeps } from "./health-deps";

export const metadata = { title: "Connections" };

export default async function ConnectionsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ctx = await requireWorkspace(slug);
  const channels = await getConnectionHealth(connectionHealthDeps(), ctx);
  const privacy = privacySections(
    channels.map((c) => c.platform),
    await privacySettingsFor(ctx),
  );
  const needAttention = channels.filter((c) => c.status !== "CONNECTED").length;
  const canManage = can(ctx.role, "channels:manage");
  // Only managers see a gateway's signing key: it lets anyone post messages into the channel's inbox.
  const inboundSetups: Record<string, InboundSetup> = {};
  if (canManage) {
    const { db, env } = webDeps();
    const setupDeps = { db, publicBaseUrl: env.PUBLIC_BASE_URL, serverSecret: env.AUTH_SECRET };
    for (const channel of channels) {
      inboundSetups[channel.id] = await getInboundSetup(setupDeps, ctx, channel.id);
    }
  }
  return (
    <section className="flex flex-col gap-4">
      <div>
        <h1 className="text-2xl font-semibold">Connections</h1>
        <p className="text-zinc-600">
          Every channel {ctx.brandIds === null ? "of this workspace" : "of your brands"}: whether it can
          publish, when its token runs out, and what the platform says right now.
          {needAttention > 0 ? ` ${needAttention} need${needAttention === 1 ? "s" : ""} attention.` : ""}
        </p>
      </div>
      <ConnectionHealthList
        channels={channels}
        slug={ctx.workspaceSlug}
        now={new Date()}
        showBrand
        canManage={canManage}
        inboundSetups={inboundSetups}
        audienceChannelIds={audienceChannelIds(channels)}
        privacy={privacy}
      />
    </section>
  );
}
