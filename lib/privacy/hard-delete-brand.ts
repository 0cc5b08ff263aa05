import { recordAudit } from "@/lib/audit/record-audit";
import { Prisma } from "@/lib/db/generated/client";
import { assetStorageKeys } from "@/lib/media/asset-storage-keys";
import type { HardDeleteDeps } from "./deletion-deps";
import { purgeQueuedJobs } from "./purge-queued-jobs";
import { purgeRedisKeys } from "./purge-redis-keys";
import { type Revocation, revokeChannelAccess } from "./revoke-channel-access";

export type HardDeleteReport = {
  /** "gone" when there was nothing left to delete (a second run, or another worker finished it). */
  status: "deleted" | "gone";
  revocations: Revocation[];
  files: number;
  jobs: number;
  redisKeys: number;
};

/** Ids that name the brand's things wherever they may be written: Redis keys, job payloads, notices. */
async function idsOfBrand(deps: HardDeleteDeps, workspaceId: string, brandId: string) {
  const where = { workspaceId, story: { brandId } };
  const [channels, stories, targets, frames, conversations, imports, reviewLinks, exports] =
    await Promise.all([
      deps.db.channel.findMany({
        where: { workspaceId, brandId },
        select: { id: true, externalAccountId: true },
      }),
      deps.db.story.findMany({ where: { workspaceId, brandId }, select: { id: true } }),
      deps.db.storyTarget.findMany({ where, select: { id: true } }),
      deps.db.storyTargetFrame.findMany({ where: { workspaceId, target: where }, select: { id: true } }),
      deps.db.conversation.findMany({ where: { workspaceId, brandId }, select: { id: true } }),
      deps.db.importJob.findMany({ where: { workspaceId, brandId }, select: { id: true } }),
      deps.db.reviewLink.findMany({ where: { workspaceId, brandId }, select: { id: true } }),
      // A brand's data exports are copies of what is being deleted (the row names the brand by a
      // plain id, so nothing cascades to it).
      deps.db.dataExport.findMany({
        where: { workspaceId, brandId },
        select: { id: true, storageKey: true },
      }),
    ]);
  const channelIds = channels.map((c) => c.id);
  const deliveries = await deps.db.inboundDelivery.findMany({
    where: { channelId: { in: channelIds } },
    select: { id: true },
  });
  // The brand's media, except files another brand's story uses (the library is shared within a
  // workspace): those stay, and lose only their brand (ON DELETE SET NULL).
  const assets = await deps.db.mediaAsset.findMany({
    where: {
      workspaceId,
      OR: [{ brandId }, { source: { is: { brandId } } }],
      frames: { none: { story: { brandId: { not: brandId } } } },
      NOT: { source: { is: { frames: { some: { story: { brandId: { not: brandId } } } } } } },
    },
    select: { id: true, storageKey: true, renditions: true },
  });
  const ids = new Set<string>([
    brandId,
    ...channelIds,
    ...channels.map((c) => c.externalAccountId),
    ...[stories, targets, frames, conversations, imports, reviewLinks, deliveries, assets, exports]
      .flat()
      .map((r) => r.id),
  ]);
  return {
    ids,
    channelIds,
    storyIds: stories.map((s) => s.id),
    deliveryIds: deliveries.map((d) => d.id),
    assets,
    exports,
  };
}

/**
 * Deletes a brand for good: revokes its channels' access at the platforms (best-effort, recorded),
 * removes its queued jobs, its media files (every rendition, original and thumbnail) and Redis
 * keys, then its rows in one transaction, and records `brand.deleted` in the workspace's audit
 * trail, which keeps the brand's earlier entries (decision 030: they hold its id, not a key).
 *
 * Idempotent and resumable: everything before the transaction can run again, and the rows go last,
 * so a crash anywhere leaves a brand that the next sweep deletes from the start. The caller decides
 * when (the deletion sweep, after the grace period; a script); this function does not look at the
 * grace columns.
 */
export async function hardDeleteBrand(
  deps: HardDeleteDeps,
  target: { workspaceId: string; brandId: string },
): Promise<HardDeleteReport> {
  const { workspaceId, brandId } = target;
  const brand = await deps.db.brand.findFirst({
    where: { id: brandId, workspaceId },
    select: { id: true, name: true },
  });
  if (!brand) return { status: "gone", revocations: [], files: 0, jobs: 0, redisKeys: 0 };

  const found = await idsOfBrand(deps, workspaceId, brandId);
  const revocations = await revokeChannelAccess(deps, { workspaceId, brandId });
  const jobs = await purgeQueuedJobs(deps, found.ids);
  const keys = [
    ...new Set([
      ...found.assets.flatMap(assetStorageKeys),
      ...found.exports.flatMap((e) => (e.storageKey ? [e.storageKey] : [])),
    ]),
  ];
  for (const key of keys) await deps.storage.delete(key);
  await deps.afterExternalCleanup?.();

  const storyIds = found.storyIds;
  await deps.db.$transaction(
    async (tx) => {
      // Not tenant rows with a key to the brand: the inbox's raw deliveries name the channel...
      await tx.inboundDelivery.deleteMany({ where: { id: { in: found.deliveryIds } } });
      // ...notices and outgoing webhook and chat payloads name the brand or its stories in text.
      const named = [brandId, ...storyIds];
      await tx.$executeRaw(Prisma.sql`
        DELETE FROM "Notification" n WHERE n."workspaceId" = ${workspaceId}
          AND (n."brandId" = ${brandId} OR EXISTS (
            SELECT 1 FROM regexp_matches(coalesce(n.link, ''), '[a-z0-9]{20,}', 'g') m WHERE m[1] = ANY(${named})))`);
      await tx.$executeRaw(Prisma.sql`
        DELETE FROM "WebhookDelivery" d WHERE d."workspaceId" = ${workspaceId}
          AND EXISTS (SELECT 1 FROM regexp_matches(d.payload::text, '[a-z0-9]{20,}', 'g') m WHERE m[1] = ANY(${named}))`);
      await tx.$executeRaw(Prisma.sql`
        DELETE FROM "ChatMessage" c WHERE c."workspaceId" = ${workspaceId}
          AND EXISTS (SELECT 1 FROM regexp_matches(c.text, '[a-z0-9]{20,}', 'g') m WHERE m[1] = ANY(${named}))`);
      // Invites limited to this brand forget it (an invite to no brand left would mean "every brand").
      await tx.$executeRaw(Prisma.sql`
        DELETE FROM "Invite" WHERE "workspaceId" = ${workspaceId} AND "brandIds" = ARRAY[${brandId}]::text[]`);
      await tx.$executeRaw(Prisma.sql`
        UPDATE "Invite" SET "brandIds" = array_remove("brandIds", ${brandId})
        WHERE "workspaceId" = ${workspaceId} AND ${brandId} = ANY("brandIds")`);
      // The brand's row cascades to channels, stories, targets, frames, insights, conversations,
      // review links, imports, feeds and saved replies. Its media would only lose the brand
      // (ON DELETE SET NULL), so it goes explicitly, after the frames that use it.
      await tx.dataExport.deleteMany({ where: { workspaceId, id: { in: found.exports.map((e) => e.id) } } });
      await tx.brand.delete({ where: { id: brandId } });
      await tx.mediaAsset.deleteMany({
        where: { workspaceId, id: { in: found.assets.map((a) => a.id) }, sourceAssetId: { not: null } },
      });
      await tx.mediaAsset.deleteMany({ where: { workspaceId, id: { in: found.assets.map((a) => a.id) } } });
      await recordAudit(
        tx,
        { workspaceId, userId: null, apiKeyId: null },
        {
          action: "brand.deleted",
          entityType: "Brand",
          entityId: brandId,
          brandId,
          data: {
            name: brand.name,
            files: keys.length,
            revocations: revocations.map((r) => ({ ...r, reason: r.reason ?? null })),
          },
        },
      );
    },
    { timeout: 120_000 },
  );
  const redisKeys = await purgeRedisKeys(deps, found.ids);
  deps.logger.info({ brandId, files: keys.length, jobs, redisKeys }, "brand deleted for good");
  return { status: "deleted", revocations, files: keys.length, jobs, redisKeys };
}
