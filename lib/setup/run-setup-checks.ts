import { can } from "@/lib/core/roles";
import type { SetupCheck } from "@/lib/core/setup-check";
import type { SecretBox } from "@/lib/crypto/secret-box";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { WorkspaceContext } from "@/lib/workspaces/context";
import { checkGatewayChannels } from "./check-gateway-channels";
import { checkInsightsWebhookNow } from "./check-insights-webhook";
import { type InstallationCheckDeps, runInstallationChecks } from "./run-installation-checks";

/**
 * The setup doctor for Settings → Setup: the installation's checks and the workspace's gateways.
 * Owners only: the checks name the app id, hosts and gateway addresses of the whole installation,
 * which is more than an admin of one workspace needs to see.
 */
export async function runSetupChecks(
  deps: InstallationCheckDeps & { db: Db; box: SecretBox },
  ctx: WorkspaceContext,
): Promise<SetupCheck[]> {
  if (!can(ctx.role, "setup:view")) {
    throw new AppError("FORBIDDEN", "Only owners of this workspace can see the setup checks.");
  }
  const [installation, webhook, gateways] = await Promise.all([
    runInstallationChecks(deps),
    checkInsightsWebhookNow(deps),
    checkGatewayChannels(deps, { workspaceId: ctx.workspaceId }, deps.timeoutMs),
  ]);
  return [...installation, webhook, ...gateways];
}
