import Link from "@/app/_components/ui/link";
import { orNotFound } from "@/app/_lib/or-not-found";
import { requireAgencyWorkspace } from "@/app/_lib/workspace";
import { can } from "@/lib/core/roles";
import { db } from "@/lib/db/client";
import { getMediaFraming } from "@/lib/media/get-media-framing";
import { thumbnailSigner } from "../../thumbnail-urls";
import { reframeMediaAssetAction } from "../actions";
import { RefreshWhileProcessing } from "../refresh-while-processing";
import { FramingEditor } from "./framing-editor";
import { usageLines } from "./usage-lines";

export const metadata = { title: "Framing" };

export default async function MediaFramingPage({
  params,
}: {
  params: Promise<{ slug: string; assetId: string }>;
}) {
  const { slug, assetId } = await params;
  const ctx = await requireAgencyWorkspace(slug);
  const asset = await orNotFound(getMediaFraming(db(), ctx, assetId));
  const sign = thumbnailSigner();
  const library = `/w/${ctx.workspaceSlug}/media`;
  const canEdit = can(ctx.role, "stories:edit");
  const status = asset.reframing
    ? "Re-rendering…"
    : { PROCESSING: "Processing…", READY: "Ready", FAILED: "Failed" }[asset.status];
  // While the new framing renders, the rendition shown is still the previous one.
  const rendition = asset.status === "FAILED" ? null : sign(asset.kind === "IMAGE" ? asset.storageKey : null);
  return (
    <section className="flex flex-col gap-6">
      <RefreshWhileProcessing active={asset.status === "PROCESSING"} />
      <p className="text-sm">
        <Link href={library} className="text-brand-700 hover:underline">
          Media library
        </Link>
      </p>
      <div className="flex flex-col gap-1">
        <h1 className="text-2xl font-semibold break-all">Framing of {asset.originalName}</h1>
        <p>
          <span className="sr-only">Status: </span>
          <span
            data-testid="framing-status"
            className={`rounded px-1.5 py-0.5 text-xs font-medium ${
              asset.status === "READY"
                ? "bg-green-100 text-green-900"
                : asset.status === "FAILED"
                  ? "bg-red-100 text-red-900"
                  : "bg-amber-100 text-amber-900"
            }`}
          >
            {status}
          </span>
        </p>
        {asset.status === "FAILED" && asset.errorMessage ? (
          <p className="text-red-800">{asset.errorMessage}</p>
        ) : null}
        {asset.status === "READY" && asset.errorMessage ? (
          // A Ready file with a reason: its last new framing failed and the previous one was kept.
          <p className="max-w-prose text-amber-900">{asset.errorMessage}</p>
        ) : null}
      </div>
      {asset.kind === "VIDEO" ? (
        <p className="max-w-prose text-zinc-700">
          A video's framing (fill or fit, and the focal point) is chosen when it is uploaded; StoryRelay does
          not re-encode videos afterwards. To frame this video differently, upload it again with other choices
          in the media library.
        </p>
      ) : !asset.originalKey ? (
        <p className="max-w-prose text-zinc-700">
          This picture was uploaded before StoryRelay kept originals, so it cannot be framed again. Upload it
          again to choose its framing.
        </p>
      ) : (
        <FramingEditor
          name={asset.originalName}
          originalUrl={sign(asset.originalKey) ?? ""}
          renditionUrl={rendition}
          saved={{ fit: asset.fit, x: asset.focalX, y: asset.focalY }}
          status={asset.status}
          reframing={asset.reframing}
          usage={usageLines(asset.usage)}
          publishingNow={asset.usage.publishing[0] ?? null}
          action={canEdit ? reframeMediaAssetAction.bind(null, ctx.workspaceSlug, asset.id) : null}
        />
      )}
    </section>
  );
}
