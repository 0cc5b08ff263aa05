import { expect, type Page, test } from "@playwright/test";
import { PRIVACY_PANEL_HEADING } from "@/app/_components/privacy-panel";
import { describeSeconds } from "@/lib/core/privacy-facts";
import { disconnectDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { connectSandboxChannels, newOwnerWithBrand, runId } from "./support/accounts";
import { keepScreenshot } from "./support/screenshots";

// The privacy panel (issue 16, decision 032): in the composer it follows the channels ticked —
// WhatsApp alone shows WhatsApp's audience, its gateway caveat and this install's signed-link
// lifetime, and nothing of Instagram's; on the brand's Connection health cards each channel folds
// its own platform's facts under "Privacy", and so does the Connections page. Screenshots at
// desktop (1280) and phone (390) width.

const RUN = runId();
const owner = {
  name: "Priya Privacy",
  email: `privacy-${RUN}@e2e.storyrelay.test`,
  password: "a long enough passphrase",
  workspace: `Privacy Agency ${RUN}`,
};
// The servers and this worker share one environment (playwright.config.ts), so this is the
// lifetime the server signs links with.
const LINK_LIFETIME = `Each signed link works for ${describeSeconds(env().MEDIA_URL_TTL_SECONDS)}`;

test.afterAll(async () => {
  await disconnectDb();
});

async function keepBothWidths(page: Page, name: string) {
  await page.setViewportSize({ width: 1280, height: 800 });
  await keepScreenshot(page, `${name}-desktop.png`);
  await page.setViewportSize({ width: 390, height: 844 });
  await keepScreenshot(page, `${name}-phone.png`);
  await page.setViewportSize({ width: 1280, height: 800 });
}

test("the privacy panel follows the ticked channels, and each channel folds its own", async ({ page }) => {
  const { slug, brandId } = await newOwnerWithBrand(page, owner, {
    name: `Quiet Tea ${RUN}`,
    timeZone: "Europe/Lisbon",
  });
  await connectSandboxChannels(brandId);

  await test.step("the composer shows every ticked platform, then WhatsApp's facts alone", async () => {
    await page.goto(`/w/${slug}/brands/${brandId}/compose`);
    const panel = page.getByRole("region", { name: PRIVACY_PANEL_HEADING });
    const sections = panel.getByRole("region", { name: /^Privacy on / });
    await expect(sections).toHaveCount(3);

    const channels = page.getByRole("group", { name: "Channels" });
    await channels.getByRole("checkbox", { name: /Instagram/ }).uncheck();
    await channels.getByRole("checkbox", { name: /Facebook/ }).uncheck();
    await expect(sections).toHaveCount(1);
    const whatsapp = panel.getByRole("region", { name: "Privacy on WhatsApp Status" });
    await expect(whatsapp).toContainText("all contacts");
    await expect(whatsapp).toContainText("End-to-end encrypted");
    await expect(whatsapp).toContainText("decrypted on that device");
    await expect(whatsapp).toContainText(LINK_LIFETIME);
    await expect(whatsapp).toContainText("keeps their texts 90 days");
    await expect(panel).not.toContainText("Instagram");
    await expect(panel).not.toContainText("Close Friends");
    await panel.scrollIntoViewIfNeeded();
    await keepBothWidths(page, "privacy-panel-composer");

    // Ticking nothing leaves nothing to explain: the panel goes.
    await channels.getByRole("checkbox", { name: /WhatsApp/ }).uncheck();
    await expect(panel).toHaveCount(0);
  });

  await test.step("each channel's card on the brand page folds its platform's facts", async () => {
    await page.goto(`/w/${slug}/brands/${brandId}`);
    const card = page.getByRole("listitem", { name: /Instagram/ });
    const fold = card.getByText("Privacy", { exact: true });
    const facts = card.getByRole("region", { name: "Privacy on Instagram Stories" });
    await expect(facts).toBeHidden();
    await fold.click();
    await expect(facts).toBeVisible();
    await expect(facts).toContainText("Close Friends cannot be chosen");
    await expect(facts).toContainText(LINK_LIFETIME);
    await expect(card).not.toContainText("WhatsApp Status");
    await keepBothWidths(page, "privacy-panel-channel");
  });

  await test.step("the Connections page folds the same facts, the gateway's caveat on WhatsApp's card", async () => {
    await page.goto(`/w/${slug}/connections`);
    const card = page.getByRole("listitem", { name: /WhatsApp/ });
    await card.getByText("Privacy", { exact: true }).click();
    const facts = card.getByRole("region", { name: "Privacy on WhatsApp Status" });
    await expect(facts).toContainText("Unofficial.");
    await expect(facts).toContainText("decrypted on that device");
    await expect(page.getByRole("region", { name: "Privacy on Instagram Stories" })).toBeHidden();
  });
});
