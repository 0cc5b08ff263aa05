import { z } from "zod";
import { recordAudit } from "@/lib/audit/record-audit";
import { getBrand } from "@/lib/brands/get-brand";
import type { SecretBox } from "@/lib/crypto/secret-box";
import type { Db } from "@/lib/db/client";
import { Platform } from "@/lib/db/generated/enums";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { assertCan, type WorkspaceContext } from "@/lib/workspaces/context";
import { createSandboxChannel } from "./create-sandbox-channel";
import { authSecret } from "./credentials";
import { readCredentials } from "./read-credentials";
import { registerSandboxAccount } from "./register-sandbox-accounts";

export const addSandboxChannelSchema = z.object({
  brandId: z.string().trim().min(1).max(100),
  platform: z.enum(Platform, { message: "Choose Instagram, Facebook or WhatsApp." }),
});

export type AddSandboxChannelDeps = {
  db: Db;
  box: SecretBox;
  /** The bundled simulators, told the new account at once so a story can go out straight away. */
  simulatorUrl: string;
};

/**
 * Gives a brand a sandbox channel on `platform`: it publishes to the bundled simulators, so a
 * new user can try the whole flow before connecting a real account. One per platform and brand:
 * a second would only be a confusing twin. The workers also re-register sandbox accounts every
 * minute, so a simulator that was down when this ran learns the account soon after.
 */
export async function addSandboxChannel(
  deps: AddSandboxChannelDeps,
  ctx: WorkspaceContext,
  input: z.input<typeof addSandboxChannelSchema>,
) {
  assertCan(ctx, "channels:manage", "connect channels");
  const { brandId, platform } = parseInput(addSandboxChannelSchema, input);
  const brand = await getBrand(deps.db, ctx, brandId);

  const channel = await deps.db.$transaction(async (tx) => {
    const existing = await tx.channel.findFirst({
      where: { workspaceId: ctx.workspaceId, brandId: brand.id, platform, sandbox: true },
      select: { displayName: true },
    });
    if (existing) {
      throw new AppError(
        "CONFLICT",
        `${brand.name} already has this sandbox channel: ${existing.displayName}.`,
        {
          fields: { platform: "Already added." },
        },
      );
    }
    const created = await createSandboxChannel(tx, deps.box, {
      workspaceId: ctx.workspaceId,
      brandId: brand.id,
      platform,
      brandName: brand.name,
    });
    await recordAudit(tx, ctx, {
      action: "channel.connect",
      entityType: "Channel",
      entityId: created.id,
      data: { brandId: brand.id, platform, externalAccountId: created.externalAccountId, sandbox: true },
    });
    return created;
  });
  const secret = authSecret(await readCredentials(deps.db, deps.box, channel));
  await registerSandboxAccount(deps, channel, secret);
  return channel;
}
