import { expect, test } from "@playwright/test";
import { registerSandboxAccounts } from "@/lib/channels/register-sandbox-accounts";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db, disconnectDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { createLogger } from "@/lib/logger";
import { jpeg } from "@/lib/media/media-fixtures";
import { resolveWorkspaceContext } from "@/lib/workspaces/resolve-workspace-context";
import { makeSandboxChannels } from "@/prisma/factories";
import { count } from "./support/database";
import { readyMediaAsset } from "./support/ready-media";
import { stack } from "./support/stack";

// A WhatsApp text status composed in the browser, keyboard only for the text and its colour: the
// checks refuse it for Instagram and Facebook until it is left out there, Publish now sends the
// image everywhere and the text status to WhatsApp, and the simulators' phone page shows it.

const RUN = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const owner = {
  name: "Tess Text",
  email: `text-${RUN}@e2e.storyrelay.test`,
  password: "a long enough passphrase",
  workspace: `Text Agency ${RUN}`,
};
const brandName = `Corner Bakery ${RUN}`;
const photoName = `bread-${RUN}.jpg`;
const statusText = `Fresh rolls at 7 ${RUN}`;
const PURPLE = "#8e24aa";

test.use({ locale: "en-US", viewport: { width: 1366, height: 900 } });

test.afterAll(async () => {
  await disconnectDb();
});

test("compose a text status, leave it out for Instagram and Facebook, published on WhatsApp", async ({
  page,
}) => {
  test.setTimeout(180_000);
  let slug = "";
  let brandId = "";

  await test.step("an owner with a brand, its sandbox channels and one photo", async () => {
    await page.goto("/sign-up");
    await page.getByLabel("Your name").fill(owner.name);
    await page.getByLabel("E-mail").fill(owner.email);
    await page.getByLabel("Password", { exact: true }).fill(owner.password);
    await page.getByLabel("Workspace name").fill(owner.workspace);
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page).toHaveURL(/\/w\/[a-z0-9-]+$/);
    slug = new URL(page.url()).pathname.split("/")[2] ?? "";
    await page.goto(`/w/${slug}/brands`);
    await page.getByLabel("Brand name").fill(brandName);
    await page.getByLabel("Time zone").fill("Europe/Lisbon");
    await page.getByRole("button", { name: "Create brand" }).click();
    await expect(page.getByRole("heading", { level: 1, name: brandName })).toBeVisible();
    brandId = new URL(page.url()).pathname.split("/")[4] ?? "";

    const config = env();
    const box = secretBoxFromEnv(config);
    const brand = await db().brand.findUniqueOrThrow({ where: { id: brandId } });
    await makeSandboxChannels(db(), box, brand);
    await registerSandboxAccounts({
      db: db(),
      box,
      simulatorUrl: stack.simulatorUrl,
      logger: createLogger("e2e", "silent"),
    });
    const user = await db().user.findUniqueOrThrow({ where: { email: owner.email } });
    const ctx = await resolveWorkspaceContext(db(), user.id, slug);
    const bytes = Buffer.concat([jpeg(1080, 1920), Buffer.from(`storyrelay-text-${RUN}`)]);
    await readyMediaAsset(ctx, { bytes, originalName: photoName, brandId });
  });

  await test.step("a photo and a purple text status, typed and coloured by keyboard", async () => {
    await page.goto(`/w/${slug}/brands/${brandId}/compose`);
    await page.getByRole("button", { name: new RegExp(`^Add ${photoName}`) }).click();

    await page.getByText("Add text status (WhatsApp only)").click();
    const text = page.getByLabel("Status text");
    await text.focus();
    await page.keyboard.type(statusText);
    // The swatches are one radio group: arrow keys move the choice, Green → Blue → Purple.
    await page.getByRole("radio", { name: "Green" }).focus();
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    await expect(page.getByRole("radio", { name: "Purple" })).toBeChecked();
    await expect(page.getByLabel("Other colour")).toHaveValue(PURPLE);
    await page.getByRole("button", { name: "Add text status" }).focus();
    await page.keyboard.press("Enter");
    await expect(page.getByTestId("frame")).toHaveCount(2);
    await expect(page.getByTestId("frame").nth(1)).toContainText(`Text status: “${statusText.slice(0, 29)}`);
  });

  await test.step("the checks refuse it for Instagram and Facebook until it is left out there", async () => {
    await expect(page.getByTestId("check-2-INSTAGRAM")).toContainText(
      "Text status: Instagram Stories needs an image or a video",
    );
    await expect(page.getByRole("button", { name: "Publish now" })).toBeDisabled();
    await page.getByRole("button", { name: "Leave out for Instagram Stories" }).click();
    await page.getByRole("button", { name: "Leave out for Facebook Page Stories" }).click();
    await expect(page.getByTestId("checks-summary")).toHaveText("All checks pass.");

    await page.getByRole("tab", { name: "WhatsApp" }).click();
    await page.getByRole("button", { name: "Preview frame 2" }).click();
    const preview = page.getByTestId("preview-text-status");
    await expect(preview).toHaveText(statusText);
    await expect(preview).toHaveCSS("background-color", "rgb(142, 36, 170)");
  });

  await test.step("Publish now: published on every channel, the text status on WhatsApp", async () => {
    await page.getByRole("button", { name: "Publish now" }).click();
    await expect(page).toHaveURL(new RegExp(`/w/${slug}/stories/[a-z0-9]+$`));
    const storyId = new URL(page.url()).pathname.split("/")[4] ?? "";
    for (const target of await page.getByTestId("target").all()) {
      await expect(target.getByTestId("target-state")).toHaveText("Published", { timeout: 90_000 });
    }
    await expect(page.getByTestId("story-status")).toHaveText("Published");
    await expect(page.getByTestId("text-status")).toHaveText(statusText);
    expect(
      await count(`"StoryFrame" WHERE "storyId" = $1 AND text = $2 AND "backgroundColor" = $3`, [
        storyId,
        statusText,
        PURPLE,
      ]),
    ).toBe(1);
  });

  await test.step("the simulators' phone page shows it on the WhatsApp phone only", async () => {
    const simulator = await page.context().newPage();
    await simulator.goto(stack.simulatorUrl);
    const shown = simulator.locator("section.phone div.text", { hasText: statusText });
    await expect(shown).toHaveCount(1);
    await expect(simulator.locator("section.phone.whatsapp div.text", { hasText: statusText })).toHaveCSS(
      "background-color",
      "rgb(142, 36, 170)",
    );
    await simulator.close();
  });
});
