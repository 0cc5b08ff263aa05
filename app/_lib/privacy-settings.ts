import "server-only";
import { getPrivacySettings } from "@/lib/channels/get-privacy-settings";
import type { PrivacySettings } from "@/lib/core/privacy-facts";
import type { WorkspaceContext } from "@/lib/workspaces/context";
import { webDeps } from "./deps";

/** The privacy panel's settings for a page: this install's media configuration and the workspace's retention. */
export function privacySettingsFor(ctx: WorkspaceContext): Promise<PrivacySettings> {
  const { db, env } = webDeps();
  return getPrivacySettings(
    {
      db,
      media: {
        publicBaseUrl: env.PUBLIC_BASE_URL,
        storage: env.MEDIA_STORAGE,
        urlTtlSeconds: env.MEDIA_URL_TTL_SECONDS,
      },
    },
    ctx,
  );
}
