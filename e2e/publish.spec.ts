import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { db, disconnectDb } from "@/lib/db/client";
import { jpeg } from "@/test/media/media-fixtures";
import { connectSandboxChannels, newOwnerWithBrand, runId } from "./support/accounts";
import { count } from "./support/database";
import { confirmDialog } from "./support/feedback";
import { keepScreenshot } from "./support/screenshots";
import { stack } from "./support/stack";

// The publish engine end to end: a fresh owner signs up and creates a brand; the brand gets one
// sandbox channel per platform (made with the same factory as the demo seed, and registered with
// the simulators the way the workers do); a story uploaded through the brand page's form with
// "Publish now" goes out on all three, and the simulators' ledger shows each exactly once.
// Refused forms (no channel, a time in the past, a file that is not media) come first and must
// leave nothing behind.

const RUN = runId();
const owner = {
  name: "Paula Publisher",
  email: `publisher-${RUN}@e2e.storyrelay.test`,
  password: "a long enough passphrase",
  workspace: `Publish Agency ${RUN}`,
};
const brandName = `Harbour Coffee ${RUN}`;

type LedgerEntry = { platform: string; accountId: string; mediaSha256: string };

test.afterAll(async () => {
  await disconnectDb();
});

/** A file in a temporary folder, for the file input. */
function tempFile(name: string, bytes: Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "storyrelay-e2e-"));
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return file;
}

function scheduleForm(page: Page) {
  return page.locator("form").filter({ has: page.getByLabel("Images or videos") });
}

test("a story uploaded with Publish now goes out once on every channel", async ({ page }) => {
  test.setTimeout(120_000);
  // A decodable 9:16 JPEG. What the platforms receive is its processed story rendition, whose
  // checksum the asset records; the ledger is read per channel (accounts are new each run).
  const imageBytes = jpeg({ width: 1080, height: 1920 });
  const image = tempFile(`harbour-${RUN}.jpg`, imageBytes);
  let slug = "";
  let brandId = "";

  await test.step("a fresh owner signs up and creates a brand in America/New_York", async () => {
    ({ slug, brandId } = await newOwnerWithBrand(page, owner, {
      name: brandName,
      timeZone: "America/New_York",
    }));
    await expect(page.getByText("Stories go out on connected channels: connect one first.")).toBeVisible();
    await expect(page.getByRole("link", { name: "Connect a channel" })).toBeVisible();
  });

  await test.step("the brand gets sandbox channels that the simulators know", async () => {
    await connectSandboxChannels(brandId);
    await page.reload();
    const form = scheduleForm(page);
    await expect(form.getByRole("checkbox")).toHaveCount(3);
    for (const box of await form.getByRole("checkbox").all()) await expect(box).toBeChecked();
    await expect(form.getByLabel("Time (America/New_York)")).toBeVisible();
  });

  await test.step("refused forms say why and leave nothing behind", async () => {
    const form = scheduleForm(page);
    const refused = async () => {
      await form.getByRole("button", { name: /Schedule story|Publish story/ }).click();
      // "Publish now" asks first; the refusal comes after the person confirms.
      if (await form.getByLabel("Publish now").isChecked()) await confirmDialog(page, "Publish now");
      await expect(form.getByRole("alert")).toBeVisible();
    };

    // No channel ticked.
    await form.getByLabel("Images or videos").setInputFiles(image);
    for (const box of await form.getByRole("checkbox").all()) await box.uncheck();
    await form.getByLabel("Publish now").check();
    await refused();
    // Named in the summary and beside the channel boxes, in the same words.
    await expect(form.getByRole("alert")).toHaveText("Choose at least one channel.");
    await expect(form.locator("#field-channelIds-error")).toHaveText("Choose at least one channel.");

    // A time that has passed, in the brand's zone.
    await form.getByLabel("Images or videos").setInputFiles(image);
    for (const box of await form.getByRole("checkbox").all()) await box.check();
    await form.getByLabel("At a time").check();
    await form.getByLabel("Time (America/New_York)").fill("2020-01-01T09:00");
    await refused();
    await expect(form.getByLabel("Time (America/New_York)")).toHaveAccessibleDescription(
      /That time has passed/,
    );

    // A file that is not an image or a video, whatever its name says.
    await form
      .getByLabel("Images or videos")
      .setInputFiles(tempFile("fake.jpg", Buffer.from("not a picture")));
    await form.getByLabel("Publish now").check();
    await refused();
    await expect(form.getByLabel("Images or videos")).toHaveAccessibleDescription(/This file cannot be used/);

    expect(await count(`"Story" WHERE "brandId" = $1`, [brandId])).toBe(0);
    expect(await count(`"MediaAsset" WHERE "brandId" = $1`, [brandId])).toBe(0);
  });

  await test.step("the story is uploaded with Publish now and lands on its page", async () => {
    const form = scheduleForm(page);
    await form.getByLabel("Title (optional)").fill(`Morning menu ${RUN}`);
    await form.getByLabel("Images or videos").setInputFiles(image);
    for (const box of await form.getByRole("checkbox").all()) await box.check();
    await form.getByLabel("Publish now").check();
    await form.getByRole("button", { name: "Publish story" }).click();
    // It asks first, naming the story and its channels; Cancel leaves nothing behind.
    const dialog = page.getByRole("alertdialog");
    await expect(dialog).toContainText(`Publish “Morning menu ${RUN}” to 3 channels now?`);
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toHaveCount(0);
    await expect(form.getByRole("button", { name: "Publish story" })).toBeFocused();
    expect(await count(`"Story" WHERE "brandId" = $1`, [brandId])).toBe(0);
    await form.getByRole("button", { name: "Publish story" }).click();
    await confirmDialog(page, "Publish now");
    await expect(page).toHaveURL(new RegExp(`/w/${slug}/stories/[a-z0-9]+$`));
    await expect(page.getByRole("heading", { level: 1, name: `Morning menu ${RUN}` })).toBeVisible();
  });

  await test.step("every channel shows Published, without reloading", async () => {
    const targets = page.getByTestId("target");
    await expect(targets).toHaveCount(3);
    for (const target of await targets.all()) {
      await expect(target.getByTestId("target-state")).toHaveText("Published", { timeout: 30_000 });
    }
    await expect(page.getByTestId("story-status")).toHaveText("Published");
    await expect(page.getByTestId("story-time")).toContainText(/^Scheduled for .+ in America\/New_York/);
    await expect(page.getByRole("button", { name: "Cancel story" })).toHaveCount(0);
    await targets
      .first()
      .getByText(/Details:/)
      .click();
    await expect(targets.first().getByText(/Attempt \d+ · Succeeded/)).toBeVisible();
    await keepScreenshot(page, "story.png");
  });

  await test.step("the simulators received the file exactly once per channel", async () => {
    const response = await fetch(`${stack.simulatorUrl}/_sim/ledger`);
    const { data } = (await response.json()) as { data: LedgerEntry[] };
    const channels = await db().channel.findMany({ where: { brandId }, select: { externalAccountId: true } });
    const accounts = new Set(channels.map((c) => c.externalAccountId));
    const entries = data.filter((entry) => accounts.has(entry.accountId));
    expect(entries.map((e) => e.platform).sort()).toEqual(["facebook", "instagram", "whatsapp"]);
    const asset = await db().mediaAsset.findFirstOrThrow({ where: { brandId }, select: { checksum: true } });
    expect(entries.map((e) => e.mediaSha256)).toEqual(entries.map(() => asset.checksum));
  });

  await test.step("a WhatsApp gateway is connected through the form, after the risk is acknowledged", async () => {
    const session = `harbour-${RUN}`;
    const apiKey = `waha-key-${RUN}`;
    const created = await fetch(`${stack.simulatorUrl}/_sim/accounts`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ platform: "whatsapp", id: session, name: "Harbour Phone", token: apiKey }),
    });
    expect(created.ok).toBe(true);

    await page.goto(`/w/${slug}/brands/${brandId}`);
    await page.getByRole("link", { name: "Connect a channel" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Connect a channel to ${brandName}`);
    await page.getByRole("radio", { name: "WhatsApp Status" }).check();
    await expect(page.getByRole("note")).toContainText("can ban the number");
    // Not a sandbox channel: the check goes to the gateway URL given here, the simulators' WAHA.
    await page.getByLabel("Gateway URL").fill(`${stack.simulatorUrl}/waha`);
    await page.getByLabel("Session name").fill(session);
    await page.getByLabel("API key").fill(apiKey);
    await page.getByRole("button", { name: "Connect" }).click();
    await expect(page.getByRole("main").getByRole("alert")).toHaveText(
      "Confirm that you understand the risk of the unofficial gateway.",
    );
    expect(
      await count(`"Channel" WHERE "brandId" = $1 AND "externalAccountId" = $2`, [brandId, session]),
    ).toBe(0);

    await page.getByLabel(/I understand that posting WhatsApp Status/).check();
    await page.getByRole("button", { name: "Connect" }).click();
    await expect(page).toHaveURL(new RegExp(`/w/${slug}/brands/${brandId}$`));
    await expect(
      page.getByRole("list", { name: "Channels" }).getByRole("listitem").filter({ hasText: session }),
    ).toContainText("Harbour Phone");
  });

  await test.step("the brand's list shows the story as published", async () => {
    const row = page.getByRole("row").filter({ hasText: `Morning menu ${RUN}` });
    await expect(row.getByText("Published").first()).toBeVisible();
    await keepScreenshot(page, "brand-with-stories.png");
  });
});
