import { notFound } from "next/navigation";
import { requireWorkspace } from "@/app/_lib/workspace";
import { getBrand } from "@/lib/brands/get-brand";
import { listChannels } from "@/lib/channels/list-channels";
import { can } from "@/lib/core/roles";
import { formatUtcOffset, listTimeZones } from "@/lib/core/time-zone";
import { db } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { updateBrandAction } from "../../actions";
import { ChannelBadge } from "../../channel-badge";
import { BrandForm } from "../brand-form";

export default async function BrandPage({ params }: { params: Promise<{ slug: string; brandId: string }> }) {
  const { slug, brandId } = await params;
  const ctx = await requireWorkspace(slug);
  const brand = await getBrand(db(), ctx, brandId).catch((error) => {
    if (isAppError(error, "NOT_FOUND")) notFound();
    throw error;
  });
  const channels = await listChannels(db(), ctx, brand.id);
  return (
    <section className="flex flex-col gap-8">
      <div>
        <h1 className="text-2xl font-semibold">{brand.name}</h1>
        <p className="text-zinc-600">
          {brand.timeZone} ({formatUtcOffset(brand.timeZone)} now)
          {brand.approvalRequired ? " · approval required" : ""}
          {brand.quietHoursStart ? ` · quiet ${brand.quietHoursStart}–${brand.quietHoursEnd}` : ""}
        </p>
      </div>
      <div>
        <h2 className="mb-3 text-lg font-semibold">Channels</h2>
        <ul className="flex flex-col gap-2">
          {channels.map((channel) => (
            <li
              key={channel.id}
              className="flex items-center gap-3 rounded-lg border border-zinc-200 bg-white p-3"
            >
              <ChannelBadge channel={channel} />
              <span>{channel.displayName}</span>
              <span className="ml-auto font-mono text-xs text-zinc-500">{channel.externalAccountId}</span>
            </li>
          ))}
        </ul>
        {channels.length === 0 ? (
          <p className="text-zinc-500">
            No channels connected yet. Connecting channels comes with the publisher.
          </p>
        ) : null}
      </div>
      {can(ctx.role, "brands:manage") ? (
        <div>
          <h2 className="mb-3 text-lg font-semibold">Settings</h2>
          <BrandForm
            action={updateBrandAction.bind(null, ctx.workspaceSlug, brand.id)}
            timeZones={listTimeZones()}
            brand={brand}
            submitLabel="Save brand"
          />
        </div>
      ) : null}
    </section>
  );
}
