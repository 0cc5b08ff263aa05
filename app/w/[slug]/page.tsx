import Link from "next/link";
import { requireWorkspace } from "@/app/_lib/workspace";
import { listBrands } from "@/lib/brands/list-brands";
import { can } from "@/lib/core/roles";
import { db } from "@/lib/db/client";
import { ChannelBadge } from "./channel-badge";

export default async function WorkspaceHome({ params }: { params: Promise<{ slug: string }> }) {
  const ctx = await requireWorkspace((await params).slug);
  const brands = await listBrands(db(), ctx);
  return (
    <section>
      <h1 className="text-2xl font-semibold">{ctx.workspaceName}</h1>
      <p className="mt-1 text-zinc-600">
        {brands.length} brand{brands.length === 1 ? "" : "s"} you can see.
      </p>
      {brands.length === 0 && can(ctx.role, "brands:manage") ? (
        <p className="mt-6">
          <Link href={`/w/${ctx.workspaceSlug}/brands`} className="font-medium text-brand-700 underline">
            Create your first brand
          </Link>{" "}
          to connect channels and plan Stories.
        </p>
      ) : null}
      <ul className="mt-6 grid gap-4 sm:grid-cols-2">
        {brands.map((brand) => (
          <li key={brand.id} className="rounded-xl border border-zinc-200 bg-white p-4">
            <Link
              href={`/w/${ctx.workspaceSlug}/brands/${brand.id}`}
              className="font-semibold hover:underline"
            >
              {brand.name}
            </Link>
            <p className="text-sm text-zinc-500">{brand.timeZone}</p>
            <ul className="mt-3 flex flex-wrap gap-2">
              {brand.channels.map((channel) => (
                <li key={channel.id}>
                  <ChannelBadge channel={channel} />
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </section>
  );
}
