import { assetStorageKeys } from "@/lib/media/asset-storage-keys";
import type { HardDeleteDeps } from "./deletion-deps";
import type { HardDeleteReport } from "./hard-delete-brand";
import { purgeQueuedJobs } from "./purge-queued-jobs";
import { purgeRedisKeys } from "./purge-redis-keys";
import { revokeChannelAccess } from "./revoke-channel-access";

/**
 * Deletes a workspace for good: revokes every channel's access at the platforms (best-effort),
 * removes its queued jobs (every queue's jobs name their workspace), its media files and Redis
 * keys, then the Workspace row, whose cascade takes every tenant row, the audit trail included
 * (decision 030 allows exactly that delete). What survives is one log line with the id and counts:
 * no name, no person. Idempotent and resumable like `hardDeleteBrand`.
 */
export async function hardDeleteWorkspace(
  deps: HardDeleteDeps,
  target: { workspaceId: string },
): Promise<HardDeleteReport> {
  const { workspaceId } = target;
  const workspace = await deps.db.workspace.findUnique({ where: { id: workspaceId }, select: { id: true } });
  if (!workspace) return { status: "gone", revocations: [], files: 0, jobs: 0, redisKeys: 0 };

  const [channels, assets, apiKeys, reviewLinks, exports] = await Promise.all([
    deps.db.channel.findMany({ where: { workspaceId }, select: { id: true, externalAccountId: true } }),
    deps.db.mediaAsset.findMany({
      where: { workspaceId },
      select: { id: true, storageKey: true, renditions: true },
    }),
    deps.db.apiKey.findMany({ where: { workspaceId }, select: { id: true } }),
    deps.db.reviewLink.findMany({ where: { workspaceId }, select: { id: true } }),
    // Data exports hold copies of everything: their archives go too (the rows cascade).
    deps.db.dataExport.findMany({ where: { workspaceId }, select: { id: true, storageKey: true } }),
  ]);
  const channelIds = channels.map((c) => c.id);
  const deliveries = await deps.db.inboundDelivery.findMany({
    where: { channelId: { in: channelIds } },
    select: { id: true },
  });
  // Every job payload names its workspace or one of these (inbox and webhook jobs name a delivery).
  const webhookDeliveries = await deps.db.webhookDelivery.findMany({
    where: { workspaceId },
    select: { id: true },
  });
  const ids = new Set<string>([
    workspaceId,
    ...channelIds,
    ...channels.map((c) => c.externalAccountId),
    ...[assets, apiKeys, reviewLinks, deliveries, webhookDeliveries, exports].flat().map((r) => r.id),
  ]);

  const revocations = await revokeChannelAccess(deps, { workspaceId });
  const jobs = await purgeQueuedJobs(deps, ids);
  const keys = [
    ...new Set([
      ...assets.flatMap(assetStorageKeys),
      ...exports.flatMap((e) => (e.storageKey ? [e.storageKey] : [])),
    ]),
  ];
  for (const key of keys) await deps.storage.delete(key);
  await deps.afterExternalCleanup?.();

  await deps.db.$transaction(
    async (tx) => {
      await tx.inboundDelivery.deleteMany({ where: { id: { in: deliveries.map((d) => d.id) } } });
      await tx.workspace.delete({ where: { id: workspaceId } });
    },
    { timeout: 120_000 },
  );
  const redisKeys = await purgeRedisKeys(deps, ids);
  // The trail went with the workspace: this line is the record that it happened (no personal data).
  deps.logger.info(
    {
      workspaceId,
      files: keys.length,
      jobs,
      redisKeys,
      revoked: revocations.filter((r) => r.outcome === "revoked").length,
      revocationFailures: revocations.filter((r) => r.outcome === "failed").length,
    },
    "workspace deleted for good",
  );
  return { status: "deleted", revocations, files: keys.length, jobs, redisKeys };
}
