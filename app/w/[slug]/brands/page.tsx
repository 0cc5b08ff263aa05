import Link from "@/app/_components/ui/link";
import { requireWorkspace } from "@/app/_lib/workspace";
import { listBrands } from "@/lib/brands/list-brands";
import { can } from "@/lib/core/roles";
import { listTimeZones } from "@/lib/core/time-zone";
import { db } from "@/lib/db/client";
import { createBrandAction } from "../actions";
import { ChannelBadge } from "../channel-badge";
import { BrandForm } from "./brand-form";

export const metadata = { title: "Brands" };

export default async function BrandsPage({ params }: { params: Promise<{ slug: string }> }) {
  const ctx = await requireWorkspace((await params).slug);
  const brands = await listBrands(db(), ctx);
  const canEdit = can(ctx.role, "stories:edit");
  return (
    <section className="flex flex-col gap-8">
      <div>
        <h1 className="text-2xl font-semibold">Brands</h1>
        <table className="mt-4 w-full text-left text-sm">
          <thead className="text-zinc-500">
            <tr>
              <th className="py-2">Name</th>
              <th>Time zone</th>
              <th>Channels</th>
              {canEdit ? (
                <th>
                  <span className="sr-only">Actions</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {brands.map((brand) => (
              <tr key={brand.id} className="border-t border-zinc-200">
                <td className="py-2">
                  <Link
                    href={`/w/${ctx.workspaceSlug}/brands/${brand.id}`}
                    className="font-medium hover:underline"
                  >
                    {brand.name}
                  </Link>
                </td>
                <td>{brand.timeZone}</td>
                <td className="flex flex-wrap gap-1 py-2">
                  {brand.channels.map((channel) => (
                    <ChannelBadge key={channel.id} channel={channel} />
                  ))}
                </td>
                {canEdit ? (
                  <td className="py-2 text-right">
                    <Link
                      href={`/w/${ctx.workspaceSlug}/brands/${brand.id}/compose`}
                      className="whitespace-nowrap"
                      title={`New story for ${brand.name}`}
                    >
                      New story
                    </Link>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
        {brands.length === 0 ? <p className="mt-2 text-zinc-500">No brands yet.</p> : null}
      </div>
      {can(ctx.role, "brands:manage") ? (
        <div>
          <h2 id="new-brand" className="mb-3 scroll-mt-4 text-lg font-semibold">
            New brand
          </h2>
          <BrandForm
            action={createBrandAction.bind(null, ctx.workspaceSlug)}
            timeZones={listTimeZones()}
            submitLabel="Create brand"
          />
        </div>
      ) : null}
    </section>
  );
}
