import { expect, test } from "@playwright/test";
import { db, disconnectDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { mediaStorage } from "@/lib/media/storage-config";
import { storeMediaAsset } from "@/lib/media/store-media-asset";
import { resolveWorkspaceContext } from "@/lib/workspaces/resolve-workspace-context";
import { jpeg } from "@/test/media/media-fixtures";
import { connectSandboxChannels, newOwnerWithBrand, runId } from "./support/accounts";
import { count } from "./support/database";
import { confirmDialog } from "./support/feedback";
import { processedChecksum } from "./support/media-library";
import { stack } from "./support/stack";

// A WhatsApp text status composed in the browser, keyboard only for the text and its colour: it is
// left out for Instagram and Facebook (which cannot show it) by default, Publish now sends the
// image everywhere and the text status to WhatsApp, and the simulators' phone page shows it.

const RUN = runId();
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

test("compose a text status, left out for Instagram and Facebook, published on WhatsApp", async ({
  page,
}) => {
  test.setTimeout(180_000);
  let slug = "";
  let brandId = "";

  await test.step("an owner with a brand, its sandbox channels and one photo", async () => {
    ({ slug, brandId } = await newOwnerWithBrand(page, owner, {
      name: brandName,
      timeZone: "Europe/Lisbon",
    }));

    await connectSandboxChannels(brandId);
    const config = env();
    const user = await db().user.findUniqueOrThrow({ where: { email: owner.email } });
    const ctx = await resolveWorkspaceContext(db(), user.id, slug);
    const media = { db: db(), storage: mediaStorage(), maxBytes: config.MEDIA_MAX_BYTES };
    const bytes = Buffer.concat([jpeg({ width: 1080, height: 1920 }), Buffer.from(`storyrelay-text-${RUN}`)]);
    const photo = await storeMediaAsset(media, ctx, { bytes, originalName: photoName, brandId });
    // The composer lists only processed media.
    await processedChecksum(photo.id);
  });

  await test.step("a photo and a purple text status, typed and coloured by keyboard", async () => {
    await page.goto(`/w/${slug}/brands/${brandId}/compose`);
    await page.getByRole("button", { name: new RegExp(`^Add ${photoName}`) }).click();

    await page.getByText("Add text status (WhatsApp Status only)").click();
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

  await test.step("it is left out for Instagram and Facebook, which cannot show it, without asking", async () => {
    await expect(page.getByTestId("check-2-INSTAGRAM")).toHaveText("Left out");
    await expect(page.getByTestId("check-2-FACEBOOK")).toHaveText("Left out");
    await expect(page.getByTestId("checks-summary")).toHaveText("All checks pass.");
    await expect(page.getByRole("button", { name: "Publish now" })).toBeEnabled();

    await page.getByRole("tab", { name: "WhatsApp" }).click();
    await page.getByRole("button", { name: "Preview frame 2" }).click();
    const preview = page.getByTestId("preview-text-status");
    await expect(preview).toHaveText(statusText);
    await expect(preview).toHaveCSS("background-color", "rgb(142, 36, 170)");
  });

  await test.step("Publish now: published on every channel, the text status on WhatsApp", async () => {
    await page.getByRole("button", { name: "Publish now" }).click();
    await confirmDialog(page, "Publish now");
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
