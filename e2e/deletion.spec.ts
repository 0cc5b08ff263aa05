import { expect, test } from "@playwright/test";
import { db } from "@/lib/db/client";
import { makeBrand } from "@/prisma/factories";
import { keepScreenshot } from "./support/screenshots";

// Deleting a brand with a grace period (docs/decisions/035-deletion-with-grace.md): the danger zone
// asks for a fresh password and the brand's typed name, the brand page then shows the banner with
// Undo, and Undo brings everything back.

const RUN = Date.now().toString(36);

test("delete a brand, see the grace banner, undo it", async ({ page }) => {
  test.setTimeout(90_000);
  const password = "a long enough passphrase for e2e";
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto("/sign-up");
  await page.getByLabel("Your name").fill("Dana Delete");
  await page.getByLabel("E-mail").fill(`dana-${RUN}@e2e.storyrelay.test`);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByLabel("Workspace name").fill(`Deletion ${RUN}`);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/w\/[a-z0-9-]+$/);
  const slug = new URL(page.url()).pathname.split("/")[2] as string;

  // A brand with a story, made directly: this spec is about deleting them.
  const workspace = await db().workspace.findUniqueOrThrow({ where: { slug } });
  const brand = await makeBrand(db(), workspace.id, { name: `Bakery ${RUN}` });
  await db().story.create({
    data: { workspaceId: workspace.id, brandId: brand.id, title: "Sunday special" },
  });
  // The password confirmed at sign-up is made stale, so the danger zone asks for it again.
  const user = await db().user.findUniqueOrThrow({ where: { email: `dana-${RUN}@e2e.storyrelay.test` } });
  await db().userSession.updateMany({ where: { userId: user.id }, data: { passwordConfirmedAt: null } });

  const brandPage = `/w/${slug}/brands/${brand.id}`;
  await page.goto(brandPage);
  await expect(page.getByText("Sunday special")).toBeVisible();
  const prompt = page.getByTestId("confirm-password");
  await expect(prompt).toContainText("delete this brand");
  await prompt.getByLabel("Your password").fill(password);
  await prompt.getByRole("button", { name: "Confirm password" }).click();
  await expect(prompt).toBeHidden();

  const zone = page.getByTestId("danger-zone");
  await zone.getByLabel(/Type the brand's name/).fill("Not the name");
  await zone.getByRole("button", { name: "Delete brand" }).click();
  await expect(zone).toContainText(`Type the brand's name, "Bakery ${RUN}", to confirm.`);
  await zone.getByLabel(/Type the brand's name/).fill(`Bakery ${RUN}`);
  await zone.getByRole("button", { name: "Delete brand" }).click();

  const banner = page.getByTestId("deletion-banner");
  await expect(banner).toContainText(`Bakery ${RUN} is scheduled for deletion on`);
  // The refusal of the first try is not left up beside the outcome of the second.
  const toasts = page.getByTestId("toast");
  await expect(toasts.filter({ hasText: "Scheduled for deletion on" })).toBeVisible();
  await expect(toasts.filter({ hasText: "Type the brand's name" })).toHaveCount(0);
  await keepScreenshot(page, "deletion-banner-desktop.png");
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(banner.getByRole("button", { name: "Undo" })).toBeVisible();
  await keepScreenshot(page, "deletion-banner-phone.png");

  await banner.getByRole("button", { name: "Undo" }).click();
  await expect(page.getByTestId("deletion-banner")).toBeHidden();
  await expect(toasts.filter({ hasText: "Deletion undone: the brand is back as it was." })).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("deletion-banner")).toBeHidden();
  await expect(page.getByText("Sunday special")).toBeVisible();
  await expect(page.getByTestId("danger-zone")).toBeVisible();
  const restored = await db().brand.findUniqueOrThrow({ where: { id: brand.id } });
  expect(restored.deleteAfter).toBeNull();
});
