import { lookup } from "node:dns/promises";
import { checkGraphVersion } from "@/lib/core/graph-api-versions";
import type { SetupCheck } from "@/lib/core/setup-check";
import { checkInstagramApp } from "./check-instagram-app";
import { checkMetaApp, type MetaAppConfig } from "./check-meta-app";
import { checkPublicBaseUrl, type ResolveHost } from "./check-public-base-url";
import { checkRedirectUris } from "./redirect-uris";

export type InstallationConfig = MetaAppConfig & {
  INSTAGRAM_APP_ID?: string;
  INSTAGRAM_APP_SECRET?: string;
  PUBLIC_BASE_URL: string;
  META_WEBHOOK_VERIFY_TOKEN?: string;
};

export type InstallationCheckDeps = {
  config: InstallationConfig;
  now: Date;
  /** DNS for PUBLIC_BASE_URL's host; the system resolver unless a test gives its own. */
  resolveHost?: ResolveHost;
  /** Deadline of each outside call. */
  timeoutMs?: number;
};

const systemResolve: ResolveHost = async (hostname) =>
  (await lookup(hostname, { all: true })).map((entry) => entry.address);

/**
 * The checks of this installation's configuration, the same for every workspace: the Meta and
 * Instagram apps, the redirect URIs to register, the Graph API version's end of life and whether
 * Meta can fetch media. In the order an operator fixes them.
 */
export async function runInstallationChecks(deps: InstallationCheckDeps): Promise<SetupCheck[]> {
  const { config } = deps;
  const [metaApp, media] = await Promise.all([
    checkMetaApp(config, deps.timeoutMs ?? 5_000),
    checkPublicBaseUrl(config.PUBLIC_BASE_URL, deps.resolveHost ?? systemResolve, {
      sandboxOnly: !config.META_APP_ID && !config.INSTAGRAM_APP_ID,
    }),
  ]);
  return [
    metaApp,
    checkInstagramApp(config),
    checkRedirectUris(config.PUBLIC_BASE_URL),
    checkGraphVersion(config.GRAPH_API_VERSION, deps.now),
    media,
  ];
}
