import { LocalTime } from "@/app/_components/local-time";
import Link from "@/app/_components/ui/link";
import type { ActionState } from "@/app/_lib/action-state";
import { requireAgencyWorkspace } from "@/app/_lib/workspace";
import { listBrands } from "@/lib/brands/list-brands";
import { can } from "@/lib/core/roles";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { formatBytes } from "@/lib/media/format";
import type { MediaLibraryItem } from "@/lib/media/library-item";
import { listMediaAssets } from "@/lib/media/list-media-assets";
import { thumbnailSigner } from "../thumbnail-urls";
import { deleteMediaAssetAction } from "./actions";
import { DeleteAssetButton } from "./delete-asset-button";
import { MediaUploader } from "./media-uploader";
import { RefreshWhileProcessing } from "./refresh-while-processing";

function duration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}

const STATUS_STYLE = {
  PROCESSING: "bg-amber-100 text-amber-900",
  READY: "bg-green-100 text-green-900",
  FAILED: "bg-red-100 text-red-900",
} as const;
const STATUS_LABEL = { PROCESSING: "Processing", READY: "Ready", FAILED: "Failed" } as const;

function AssetCard({
  slug,
  asset,
  thumbnailUrl,
  deleteAction,
}: {
  slug: string;
  asset: MediaLibraryItem;
  thumbnailUrl: string | null;
  deleteAction: ((prev: ActionState, formData: FormData) => Promise<ActionState>) | null;
}) {
  const facts = [
    asset.kind === "VIDEO" ? "Video" : "Image",
    asset.width && asset.height ? `${asset.width}×${asset.height}` : null,
    asset.durationMs !== null ? duration(asset.durationMs) : null,
    formatBytes(Number(asset.sizeBytes)),
  ].filter(Boolean);
  return (
    <li
      className="flex flex-col overflow-hidden rounded-lg border border-zinc-200 bg-white"
      data-testid="media-card"
    >
      <div className="flex aspect-[9/16] items-center justify-center bg-zinc-100">
        {thumbnailUrl ? (
          // biome-ignore lint/performance/noImgElement: signed, short-lived URLs; next/image would cache them past expiry
          <img
            src={thumbnailUrl}
            alt={`Preview of ${asset.originalName}`}
            className="h-full w-full object-cover"
          />
        ) : (
          <span className="px-2 text-center text-sm text-zinc-500">
            {asset.status === "PROCESSING" ? "Processing…" : "No preview"}
          </span>
        )}
      </div>
      <div className="flex flex-col gap-1 p-2 text-sm">
        <p className="font-medium break-all">{asset.originalName}</p>
        <p className="text-zinc-600">{facts.join(" · ")}</p>
        {asset.brand ? <p className="text-zinc-600">{asset.brand.name}</p> : null}
        <p className="text-zinc-600" data-testid="media-uploaded">
          Uploaded <LocalTime instant={asset.createdAt.toISOString()} />
        </p>
        <p>
          <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${STATUS_STYLE[asset.status]}`}>
            {asset.reframing ? "Re-rendering…" : STATUS_LABEL[asset.status]}
          </span>
          {asset.usedInStories > 0 ? (
            <span className="ml-2 text-xs text-zinc-600">
              Used in {asset.usedInStories} stor{asset.usedInStories === 1 ? "y" : "ies"}
            </span>
          ) : null}
        </p>
        {asset.parts > 0 ? (
          <p className="text-zinc-600">Split into {asset.parts} parts (listed separately)</p>
        ) : null}
        {asset.status === "FAILED" && asset.errorMessage ? (
          <p className="text-red-800">{asset.errorMessage}</p>
        ) : null}
        {asset.status === "READY" && asset.kind === "IMAGE" ? (
          <Link
            href={`/w/${slug}/media/${asset.id}`}
            aria-label={`Adjust framing of ${asset.originalName}`}
            className="text-brand-700 underline underline-offset-2"
          >
            Adjust framing
          </Link>
        ) : null}
        {asset.status === "READY" && asset.kind === "VIDEO" ? (
          // Re-encoding a video for a new framing is not offered; say so rather than show a control.
          <p className="text-xs text-zinc-600">
            A video's framing is chosen at upload; upload it again to change it.
          </p>
        ) : null}
        {deleteAction && asset.usedInStories === 0 && asset.sourceAssetId === null ? (
          <DeleteAssetButton action={deleteAction} name={asset.originalName} />
        ) : null}
      </div>
    </li>
  );
}

export default async function MediaLibraryPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ brand?: string }>;
}) {
  const { slug } = await params;
  const { brand: brandParam } = await searchParams;
  const ctx = await requireAgencyWorkspace(slug);
  const brands = await listBrands(db(), ctx);
  const brandId = brands.some((b) => b.id === brandParam) ? brandParam : undefined;
  const assets = await listMediaAssets(db(), ctx, { brandId });
  const config = env();
  const thumbnailUrl = thumbnailSigner();
  const canEdit = can(ctx.role, "stories:edit");
  return (
    <section className="flex flex-col gap-6">
      <RefreshWhileProcessing active={assets.some((a) => a.status === "PROCESSING")} />
      <h1 className="text-2xl font-semibold">Media library</h1>
      {canEdit ? (
        <MediaUploader
          workspaceSlug={ctx.workspaceSlug}
          brands={brands.map((b) => ({ id: b.id, name: b.name }))}
          defaultBrandId={brandId ?? ""}
          maxBytes={config.MEDIA_MAX_BYTES}
          maxLabel={formatBytes(config.MEDIA_MAX_BYTES)}
          assets={Object.fromEntries(
            assets.map((a) => [a.id, { status: a.status, error: a.errorMessage ?? null }]),
          )}
        />
      ) : null}
      <form method="get" className="flex flex-wrap items-end gap-2" aria-label="Filter the library">
        <div className="flex flex-col gap-1">
          <label htmlFor="brand-filter" className="text-sm font-medium">
            Show brand
          </label>
          <select
            id="brand-filter"
            name="brand"
            defaultValue={brandId ?? ""}
            className="rounded-md border border-zinc-300 bg-white px-3 py-2"
          >
            <option value="">All brands</option>
            {brands.map((b) => (
              <option key={b.id} value={b.id}>
                {b.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="rounded-md border border-zinc-300 px-3 py-2 text-sm">
          Filter
        </button>
      </form>
      {assets.length === 0 ? (
        <p className="text-zinc-600">No files yet.</p>
      ) : (
        <ul aria-label="Files" className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-4">
          {assets.map((asset) => (
            <AssetCard
              key={asset.id}
              slug={ctx.workspaceSlug}
              asset={asset}
              thumbnailUrl={thumbnailUrl(asset.thumbnailKey)}
              deleteAction={canEdit ? deleteMediaAssetAction.bind(null, ctx.workspaceSlug, asset.id) : null}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
