import { type Browser, expect, type Page } from "@playwright/test";
import { FACTORY_PASSWORD } from "@/prisma/factories";

/**
 * A new page signed in as a member the spec's factories made (they all share FACTORY_PASSWORD),
 * on the workspace it lands on. `page` sets the page's zone, locale and size; `urlTimeoutMs`
 * is for a first sign-in that may be slow after the servers start.
 */
export async function signInAs(
  browser: Browser,
  email: string,
  options: { page?: Parameters<Browser["newPage"]>[0]; urlTimeoutMs?: number } = {},
): Promise<Page> {
  const page = await browser.newPage(options.page);
  await page.goto("/sign-in");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(FACTORY_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/w\//, options.urlTimeoutMs ? { timeout: options.urlTimeoutMs } : {});
  return page;
}
