import type { PrivacySettings } from "@/lib/core/privacy-facts";
import type { Db } from "@/lib/db/client";
import type { WorkspaceContext } from "@/lib/workspaces/context";

/**
 * What the privacy panel says about this install and workspace: the media origin, store and signed
 * links' lifetime come from configuration (passed in, since use cases read no env), the replies'
 * retention from the workspace. Every member may read it: whoever composes should know where a
 * story's data goes, even when only admins may change the retention.
 */
export async function getPrivacySettings(
  deps: {
    db: Db;
    media: { publicBaseUrl: string; storage: "local" | "s3"; urlTtlSeconds: number };
  },
  ctx: WorkspaceContext,
): Promise<PrivacySettings> {
  const workspace = await deps.db.workspace.findUniqueOrThrow({
    where: { id: ctx.workspaceId },
    select: { messageRetentionDays: true },
  });
  return {
    mediaOrigin: deps.media.publicBaseUrl,
    mediaStorage: deps.media.storage,
    signedUrlSeconds: deps.media.urlTtlSeconds,
    messageRetentionDays: workspace.messageRetentionDays,
  };
}
