import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { registerSandboxAccounts } from "@/lib/channels/register-sandbox-accounts";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db, disconnectDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { createLogger } from "@/lib/logger";
import { makeSandboxChannels } from "@/prisma/factories";
import { jpeg } from "@/test/media/media-fixtures";
import { newOwnerWithBrand, runId } from "./support/accounts";
import { confirmDialog } from "./support/feedback";
import { keepScreenshot } from "./support/screenshots";
import { stack } from "./support/stack";

// The bell: a story that Instagram refuses fails → the header's bell counts 1 unread → its list
// names the story and links to it → "Mark read" empties the count. Screenshots at 1280 and 390.

const RUN = runId();
const owner = {
  name: "Bea Bell",
  email: `bell-${RUN}@e2e.storyrelay.test`,
  password: "a long enough passphrase",
  workspace: `Bell Agency ${RUN}`,
};
const brandName = `Bell Bakery ${RUN}`;
const title = `Croissant day ${RUN}`;
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

test.afterAll(async () => {
  await disconnectDb();
});

async function keepBothWidths(page: Page, name: string) {
  await page.setViewportSize(DESKTOP);
  await keepScreenshot(page, `${name}-desktop.png`);
  await page.setViewportSize(PHONE);
  await keepScreenshot(page, `${name}-phone.png`);
  await page.setViewportSize(DESKTOP);
}

test("a failed story rings the bell; its notice links to the story and is marked read", async ({ page }) => {
  test.setTimeout(180_000);
  const { slug, brandId } = await newOwnerWithBrand(page, owner, {
    name: brandName,
    timeZone: "Europe/Lisbon",
  });
  const bell = page.getByRole("link", { name: /^Notifications, / });
  await expect(bell).toHaveAccessibleName("Notifications, none unread");

  // One Instagram channel that refuses every container: the story fails outright.
  const box = secretBoxFromEnv(env());
  const brand = await db().brand.findUniqueOrThrow({ where: { id: brandId } });
  const [instagram] = await makeSandboxChannels(db(), box, brand, ["INSTAGRAM"]);
  await registerSandboxAccounts({
    db: db(),
    box,
    simulatorUrl: stack.simulatorUrl,
    logger: createLogger("e2e", "silent"),
  });
  const armed = await fetch(`${stack.simulatorUrl}/_sim/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      kind: "error",
      platform: "instagram",
      accountId: instagram?.externalAccountId,
      operation: "create_container",
      code: 100,
      message: "The picture was refused by the sandbox.",
      count: 10,
    }),
  });
  expect(armed.ok, await armed.text()).toBe(true);

  await page.goto(`/w/${slug}/brands/${brandId}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "storyrelay-e2e-"));
  const file = path.join(dir, `croissant-${RUN}.jpg`);
  fs.writeFileSync(file, jpeg({ width: 1080, height: 1920 }));
  const form = page.locator("form").filter({ has: page.getByLabel("Images or videos") });
  await form.getByLabel("Title (optional)").fill(title);
  await form.getByLabel("Images or videos").setInputFiles(file);
  for (const box of await form.getByRole("checkbox").all()) await box.check();
  await form.getByLabel("Publish now").check();
  await form.getByRole("button", { name: "Publish story" }).click();
  await confirmDialog(page, "Publish now");
  await expect(page).toHaveURL(/\/stories\/[a-z0-9]+$/);
  const storyPath = new URL(page.url()).pathname;
  await expect(page.getByTestId("story-status")).toHaveText("Failed", { timeout: 60_000 });

  await page.reload();
  await expect(bell).toHaveAccessibleName("Notifications, 1 unread");
  await expect(page.getByTestId("unread-count")).toHaveText("1");
  await bell.click();
  await expect(page.getByRole("heading", { level: 1, name: "Notifications" })).toBeVisible();
  const list = page.getByRole("list", { name: "Notifications" });
  const item = list.getByRole("listitem").filter({ hasText: `Failed: ${title}` });
  await expect(item).toHaveCount(1);
  await expect(item).toContainText("No channel published it.");
  await expect(item.getByRole("link", { name: `Failed: ${title}` })).toHaveAttribute("href", storyPath);
  // The retention sweep deletes old notices (lib/retention/prune-notices.ts): the page says when.
  await expect(
    page.getByText(
      `Read notices are removed after ${env().RETENTION_READ_NOTICE_DAYS} days, unread ones after ${env().RETENTION_UNREAD_NOTICE_DAYS}.`,
    ),
  ).toBeVisible();
  await keepBothWidths(page, "notifications-unread");

  await item.getByRole("button", { name: `Mark read: Failed: ${title}` }).click();
  await expect(item.getByRole("button", { name: /^Mark read/ })).toHaveCount(0);
  await expect(item).toContainText("Read");
  await expect(bell).toHaveAccessibleName("Notifications, none unread");
  await expect(page.getByTestId("unread-count")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Mark all read" })).toHaveCount(0);
  await keepBothWidths(page, "notifications-read");

  await item.getByRole("link", { name: `Failed: ${title}` }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
});
