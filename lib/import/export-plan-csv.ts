import { getBrand } from "@/lib/brands/get-brand";
import { storedStickersSchema } from "@/lib/core/stickers";
import type { DbOrTx } from "@/lib/db/client";
import { assertCan, type WorkspaceContext } from "@/lib/workspaces/context";
import { exportRow, LIST_SEPARATOR, PLAN_COLUMNS } from "./csv-format";
import { formatStickersCell } from "./plan-stickers";

/**
 * A brand's plan as a CSV in the import's own format, so it can be edited and imported again:
 * the stories with a time that are not cancelled, in time order. Every cell goes through
 * exportCell, so a title like "=HYPERLINK(…)" that was imported as text stays text in a
 * spreadsheet. Text-only frames (WhatsApp text statuses) have no media id and are not listed in
 * "frames" (they take no stickers), so sticker frame numbers count the listed frames only.
 */
export async function exportPlanCsv(db: DbOrTx, ctx: WorkspaceContext, brandId: string): Promise<string> {
  assertCan(ctx, "stories:view", "export a plan");
  const brand = await getBrand(db, ctx, brandId);
  const stories = await db.story.findMany({
    where: {
      workspaceId: ctx.workspaceId,
      brandId: brand.id,
      scheduledAt: { not: null },
      status: { not: "CANCELED" },
    },
    orderBy: [{ scheduledAt: "asc" }, { id: "asc" }],
    select: {
      title: true,
      whatsappText: true,
      scheduledLocal: true,
      timeZone: true,
      frames: { orderBy: { position: "asc" }, select: { mediaAssetId: true, stickers: true } },
      targets: { orderBy: { createdAt: "asc" }, select: { channel: { select: { displayName: true } } } },
    },
  });
  let csv = exportRow([...PLAN_COLUMNS]);
  for (const story of stories) {
    const [date = "", time = ""] = (story.scheduledLocal ?? "").split("T");
    const mediaFrames = story.frames.filter((f) => f.mediaAssetId);
    const cells: Record<(typeof PLAN_COLUMNS)[number], string> = {
      brand: brand.name,
      channels: story.targets.map((t) => t.channel.displayName).join(LIST_SEPARATOR),
      date,
      time,
      zone: story.timeZone ?? brand.timeZone,
      frames: mediaFrames.map((f) => f.mediaAssetId).join(LIST_SEPARATOR),
      whatsapp_caption: story.whatsappText ?? "",
      stickers: formatStickersCell(mediaFrames.map((f) => storedStickersSchema.parse(f.stickers))),
      title: story.title,
    };
    csv += exportRow(PLAN_COLUMNS.map((column) => cells[column]));
  }
  return csv;
}
