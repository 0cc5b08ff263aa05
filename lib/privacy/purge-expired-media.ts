import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import type { Logger } from "@/lib/logger";
import { assetStorageKeys } from "@/lib/media/asset-storage-keys";
import type { MediaStorage } from "@/lib/media/storage";

const BATCH = 500;

type Row = { id: string; workspaceId: string; storageKey: string; renditions: unknown };

/**
 * Media retention (Workspace.mediaRetentionDays, off when null): deletes the files of media whose
 * every story finished — final status, and its last target done (published, or last changed) more
 * than N days ago. An asset also used by a story still open or finished more recently is kept.
 * The row stays with `purgedAt` set, so the stories keep their history (shown without a picture)
 * and the library stops offering it. Files go after the mark, so a crash leaves at worst a file
 * nobody can reach, never a live asset without its file.
 */
export async function purgeExpiredMedia(deps: {
  db: Db;
  storage: MediaStorage;
  logger: Logger;
  now(): Date;
}): Promise<number> {
  const now = deps.now();
  const rows = await deps.db.$queryRaw<Row[]>(Prisma.sql`
    SELECT m.id, m."workspaceId", m."storageKey", m.renditions
    FROM "MediaAsset" m JOIN "Workspace" w ON w.id = m."workspaceId"
    WHERE w."mediaRetentionDays" IS NOT NULL AND m."purgedAt" IS NULL
      AND EXISTS (SELECT 1 FROM "StoryFrame" f WHERE f."mediaAssetId" = m.id)
      AND NOT EXISTS (
        SELECT 1 FROM "StoryFrame" f JOIN "Story" s ON s.id = f."storyId"
        WHERE f."mediaAssetId" = m.id AND (
          s.status NOT IN ('PUBLISHED', 'PARTIAL', 'FAILED', 'EXPIRED', 'CANCELED')
          OR coalesce(
            (SELECT max(coalesce(t."publishedAt", t."updatedAt")) FROM "StoryTarget" t WHERE t."storyId" = s.id),
            s."updatedAt") > ${now}::timestamptz - make_interval(days => w."mediaRetentionDays")))
    LIMIT ${BATCH}`);
  for (const row of rows) {
    await deps.db.mediaAsset.updateMany({
      where: { id: row.id, workspaceId: row.workspaceId, purgedAt: null },
      data: { purgedAt: now },
    });
    for (const key of new Set(assetStorageKeys(row))) await deps.storage.delete(key);
  }
  if (rows.length > 0) deps.logger.info({ assets: rows.length }, "media past its retention deleted");
  return rows.length;
}
