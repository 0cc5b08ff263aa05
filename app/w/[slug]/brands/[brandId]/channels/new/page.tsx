import Link from "@/app/_components/ui/link";
import { webDeps } from "@/app/_lib/deps";
import { metaLoginButtons } from "@/app/_lib/meta-login";
import { orNotFound } from "@/app/_lib/or-not-found";
import { requireWorkspace } from "@/app/_lib/workspace";
import { getBrand } from "@/lib/brands/get-brand";
import { listChannels } from "@/lib/channels/list-channels";
import { loginsFor } from "@/lib/core/platforms/meta-logins";
import { can } from "@/lib/core/roles";
import { db } from "@/lib/db/client";
import { listMembers } from "@/lib/members/list-members";
import { connectChannelAction } from "../../../../stories-actions";
import { MetaLoginButtons } from "../meta-login-buttons";
import { ConnectChannelForm } from "./connect-channel-form";

export const metadata = { title: "Connect a channel" };

// /w/[slug]/brands/[brandId]/channels/new[?channel=<id>] – connect an account, or reconnect one
export default async function ConnectChannelPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string; brandId: string }>;
  searchParams: Promise<{ channel?: string | string[] }>;
}) {
  const { slug, brandId } = await params;
  const ctx = await requireWorkspace(slug);
  const brand = await orNotFound(getBrand(db(), ctx, brandId));
  const back = `/w/${ctx.workspaceSlug}/brands/${brand.id}`;
  if (!can(ctx.role, "channels:manage")) {
    return (
      <section className="flex flex-col gap-3">
        <h1 className="text-2xl font-semibold">Connect a channel</h1>
        <p>Only owners and admins can connect channels. Ask one of them.</p>
        <Link href={back} className="text-brand-700 underline">
          Back to {brand.name}
        </Link>
      </section>
    );
  }

  const { channel: channelId } = await searchParams;
  const [channels, { members }] = await Promise.all([
    listChannels(db(), ctx, brand.id),
    listMembers(db(), ctx),
  ]);
  const reconnect = typeof channelId === "string" ? channels.find((c) => c.id === channelId) : undefined;
  const loginButtons = metaLoginButtons(webDeps()).filter(
    (button) => !reconnect || loginsFor(reconnect.platform).includes(button.kind),
  );
  // Handoff assignees: members who can see this brand.
  const assignees = members
    .filter((m) => !m.limitedToBrands || m.brands.some((b) => b.id === brand.id))
    .map((m) => ({ id: m.user.id, name: m.user.name }));

  return (
    <section className="flex flex-col gap-4">
      <p className="text-sm">
        <Link href={back} className="text-brand-700 hover:underline">
          {brand.name}
        </Link>
      </p>
      <h1 className="text-2xl font-semibold">
        {reconnect ? `Reconnect ${reconnect.displayName}` : `Connect a channel to ${brand.name}`}
      </h1>
      {reconnect?.statusReason ? <p className="text-amber-800">{reconnect.statusReason}</p> : null}
      {loginButtons.length > 0 ? (
        <div className="flex flex-col gap-2">
          <MetaLoginButtons
            base={`${back}/channels`}
            buttons={loginButtons}
            channel={reconnect ? { id: reconnect.id, displayName: reconnect.displayName } : undefined}
          />
          <h2 className="mt-4 text-lg font-semibold">Advanced: paste an account id and token</h2>
        </div>
      ) : null}
      <p className="max-w-lg text-sm text-zinc-600">
        StoryRelay checks the details with the platform before saving them. Tokens and keys are stored
        encrypted and never shown again.
      </p>
      <ConnectChannelForm
        action={connectChannelAction.bind(null, ctx.workspaceSlug, brand.id)}
        members={assignees}
        prefill={reconnect ? { platform: reconnect.platform, accountId: reconnect.externalAccountId } : {}}
      />
    </section>
  );
}
