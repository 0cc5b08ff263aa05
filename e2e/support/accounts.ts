import { expect, type Page } from "@playwright/test";
import { authSecret } from "@/lib/channels/credentials";
import { readCredentials } from "@/lib/channels/read-credentials";
import { registerSandboxAccount } from "@/lib/channels/register-sandbox-accounts";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { makeSandboxChannels } from "@/prisma/factories";
import { stack } from "./stack";

// The starting point most journeys share: a fresh owner who signs up through the form and creates
// a brand, and (made directly, as the demo seed does) that brand's sandbox channels.

/** A suffix unique to this run, so names and e-mails never clash with earlier runs' data. */
export function runId(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

export type NewOwner = { name: string; email: string; password: string; workspace: string };

/** Signs up through the form and creates a brand in `timeZone`; the page ends on the brand's page. */
export async function signUpWithBrand(
  page: Page,
  owner: NewOwner,
  brand: { name: string; timeZone: string },
): Promise<{ slug: string; brandId: string }> {
  await page.goto("/sign-up");
  await page.getByLabel("Your name").fill(owner.name);
  await page.getByLabel("E-mail").fill(owner.email);
  await page.getByLabel("Password", { exact: true }).fill(owner.password);
  await page.getByLabel("Workspace name").fill(owner.workspace);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/w\/[a-z0-9-]+$/);
  const slug = new URL(page.url()).pathname.split("/")[2] ?? "";
  await page.goto(`/w/${slug}/brands`);
  await page.getByLabel("Brand name").fill(brand.name);
  await page.getByLabel("Time zone").fill(brand.timeZone);
  await page.getByRole("button", { name: "Create brand" }).click();
  await expect(page.getByRole("heading", { level: 1, name: brand.name })).toBeVisible();
  const brandId = new URL(page.url()).pathname.split("/")[4] ?? "";
  expect(brandId).not.toBe("");
  return { slug, brandId };
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
