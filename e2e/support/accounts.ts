import { expect, type Page } from "@playwright/test";
import { createBrand } from "@/lib/brands/create-brand";
import { authSecret } from "@/lib/channels/credentials";
import { readCredentials } from "@/lib/channels/read-credentials";
import { registerSandboxAccount } from "@/lib/channels/register-sandbox-accounts";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { signUp } from "@/lib/users/sign-up";
import { resolveWorkspaceContext } from "@/lib/workspaces/resolve-workspace-context";
import { makeSandboxChannels } from "@/prisma/factories";
import { addSessionCookie } from "./session";
import { stack } from "./stack";

// The starting point most journeys share: a fresh owner with a brand, and (made directly, as the
// demo seed does) that brand's sandbox channels.

/** A suffix unique to this run, so names and e-mails never clash with earlier runs' data. */
export function runId(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

export type NewOwner = { name: string; email: string; password: string; workspace: string };

/**
 * A new owner and their brand in `timeZone`, made by the use cases behind the sign-up and brand
 * forms (signUp, createBrand), and the page signed in as them (addSessionCookie), ending on the
 * brand's page. The forms themselves are walked by foundation.spec.ts; through them this set-up
 * cost each journey about 3 CPU-seconds more of the two-core test machine (decision 046).
 */
export async function newOwnerWithBrand(
  page: Page,
  owner: NewOwner,
  brand: { name: string; timeZone: string },
): Promise<{ slug: string; brandId: string }> {
  const { user, workspace } = await signUp(db(), {
    name: owner.name,
    email: owner.email,
    password: owner.password,
    workspaceName: owner.workspace,
  });
  const ctx = await resolveWorkspaceContext(db(), user.id, workspace.slug);
  const created = await createBrand(db(), ctx, { name: brand.name, timeZone: brand.timeZone });
  await addSessionCookie(page.context(), user);
  await page.goto(`/w/${workspace.slug}/brands/${created.id}`);
  await expect(page.getByRole("heading", { level: 1, name: brand.name })).toBeVisible();
  return { slug: workspace.slug, brandId: created.id };
}

/**
 * Gives the brand one sandbox channel per platform and registers their accounts with the
 * simulators, as the workers do for every sandbox channel at start-up. Only these three: the
 * simulators run for the whole suite and already know every earlier spec's accounts, and
 * registering all of them again (registerSandboxAccounts) made each call longer than the last,
 * more so on a test database kept from run to run.
 */
export async function connectSandboxChannels(brandId: string) {
  const box = secretBoxFromEnv(env());
  const brand = await db().brand.findUniqueOrThrow({ where: { id: brandId } });
  const channels = await makeSandboxChannels(db(), box, brand);
  for (const channel of channels) {
    const secret = authSecret(await readCredentials(db(), box, channel));
    await registerSandboxAccount({ simulatorUrl: stack.simulatorUrl }, channel, secret);
  }
  return channels;
}
