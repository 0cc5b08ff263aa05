import type { SetupCheck } from "@/lib/core/setup-check";
import type { SecretBox } from "@/lib/crypto/secret-box";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { checkGatewayChannels } from "./check-gateway-channels";
import { checkInsightsWebhookNow } from "./check-insights-webhook";
import { type InstallationCheckDeps, runInstallationChecks } from "./run-installation-checks";

/**
 * The setup doctor for the operator (`npm run cli -- doctor`): whoever runs the CLI holds the
 * installation's configuration already, so no role is asked. Gateways belong to workspaces, so
 * they are checked for the workspace named, and the report says how to name one otherwise.
 */
export async function runDoctor(
  deps: InstallationCheckDeps & { db: Db; box: SecretBox },
  input: { workspaceSlug?: string },
): Promise<SetupCheck[]> {
  // The webhook's last deliveries are the installation's, read from its database.
  const installation = Promise.all([runInstallationChecks(deps), checkInsightsWebhookNow(deps)]).then(
    ([checks, webhook]) => [...checks, webhook],
  );
  if (!input.workspaceSlug) {
    return [
      ...(await installation),
      {
        id: "gateways",
        title: "Gateways",
        status: "skip",
        detail: "Gateways (WAHA) belong to workspaces: none was named.",
        fix: "Run `npm run cli -- doctor --workspace <slug>` to check a workspace's gateways.",
      },
    ];
  }
  const workspace = await deps.db.workspace.findUnique({
    where: { slug: input.workspaceSlug },
    select: { id: true },
  });
  if (!workspace) throw new AppError("NOT_FOUND", `No workspace with slug "${input.workspaceSlug}".`);
  const [checks, gateways] = await Promise.all([
    installation,
    checkGatewayChannels(deps, { workspaceId: workspace.id }, deps.timeoutMs),
  ]);
  return [...checks, ...gateways];
}
