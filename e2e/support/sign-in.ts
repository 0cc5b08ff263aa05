import { type Browser, expect, type Page } from "@playwright/test";
import { db } from "@/lib/db/client";
import { emailSchema } from "@/lib/users/schemas";
import { FACTORY_PASSWORD } from "@/prisma/factories";
import { addSessionCookie } from "./session";

/**
 * A new page signed in as a member the spec's factories made, on the workspace it lands on, as
 * after the sign-in form (signInThroughForm, for journeys about signing in). `page`
 * sets the page's zone, locale and size; `urlTimeoutMs` is for a first page that may be slow
 * after the servers start.
 */
export async function signInAs(
  browser: Browser,
  email: string,
  options: { page?: Parameters<Browser["newPage"]>[0]; urlTimeoutMs?: number } = {},
): Promise<Page> {
  const user = await db().user.findUniqueOrThrow({
    where: { email: emailSchema.parse(email) },
    select: { id: true, email: true, name: true },
  });
  const page = await browser.newPage(options.page);
  await addSessionCookie(page.context(), user);
  await page.goto("/");
  await expect(page).toHaveURL(/\/w\//, options.urlTimeoutMs ? { timeout: options.urlTimeoutMs } : {});
  return page;
}

/**
 * signInAs through the sign-in form, for a journey that is about signing in or what it records
 * (the audit log's "Signed in"); account-security.spec.ts walks it with two-factor sign-in.
 */
export async function signInThroughForm(
  browser: Browser,
  email: string,
  options: { page?: Parameters<Browser["newPage"]>[0] } = {},
): Promise<Page> {
  const page = await browser.newPage(options.page);
  await page.goto("/sign-in");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(FACTORY_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/w\//);
  return page;
}
