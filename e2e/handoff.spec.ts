import fs from "node:fs";
import { expect, type Page, test } from "@playwright/test";
import sharp from "sharp";
import { db, disconnectDb } from "@/lib/db/client";
import { saveDraft } from "@/lib/stories/save-draft";
import { resolveWorkspaceContext } from "@/lib/workspaces/resolve-workspace-context";
import { connectSandboxChannels, newOwnerWithBrand, runId } from "./support/accounts";
import { confirmDialog } from "./support/feedback";
import { readyMediaAsset } from "./support/ready-media";
import { keepScreenshot } from "./support/screenshots";

// Stickers and handoff (decision 023). The composer places stickers on the preview by click and by
// keyboard and says, per channel, whether the API adds each or a person posts the story. A story
// with a link sticker on Instagram and a WhatsApp handoff channel: at its time the bell shows the
// handoffs, the phone page (390 px) downloads a frame and copies the link, Done records it, and the
// story page says who posted it by hand.

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

// The tests are independent (each signs up an owner of its own), so they run on several workers at once:
// one after another they made this file one of the run's longest.
test.describe.configure({ mode: "parallel" });

test.afterAll(async () => {
  await disconnectDb();
});

async function keepBothWidths(page: Page, name: string) {
  await page.setViewportSize(DESKTOP);
  await keepScreenshot(page, `${name}-desktop.png`);
  await page.setViewportSize(PHONE);
  await keepScreenshot(page, `${name}-phone.png`);
}

/** A fresh owner, a brand with sandbox channels and a ready 9:16 picture. */
async function setUp(page: Page, who: string) {
  const RUN = runId();
  const owner = {
    name: `${who} Hand`,
    email: `handoff-${who.toLowerCase()}-${RUN}@e2e.storyrelay.test`,
    password: "a long enough passphrase",
    workspace: `Handoff Agency ${RUN}`,
  };
  const { slug, brandId } = await newOwnerWithBrand(page, owner, {
    name: `Hand Shop ${RUN}`,
    timeZone: "UTC",
  });
  const channels = await connectSandboxChannels(brandId);
  const user = await db().user.findUniqueOrThrow({ where: { email: owner.email } });
  const ctx = await resolveWorkspaceContext(db(), user.id, slug);
  const bytes = await sharp({ create: { width: 1080, height: 1920, channels: 3, background: "#00897b" } })
    .jpeg()
    .toBuffer();
  const asset = await readyMediaAsset(ctx, { bytes, originalName: `sale-${RUN}.jpg`, brandId });
  const instagram = channels.find((c) => c.platform === "INSTAGRAM");
  if (!instagram) throw new Error("no Instagram sandbox channel");
  return { RUN, owner, slug, brandId, ctx, user, asset, instagram };
}

test("the composer places, moves, edits and removes stickers by click and by keyboard", async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize(DESKTOP);
  const { RUN, slug, brandId, ctx, asset, instagram } = await setUp(page, "Kira");
  const draft = await saveDraft({ db: db() }, ctx, {
    brandId,
    title: `Placed ${RUN}`,
    channelIds: [instagram.id],
    frames: [asset.id],
  });
  await page.goto(`/w/${slug}/stories/${draft.id}/edit`);
  const layer = page.getByRole("application", { name: /^Stickers on frame 1:/ });
  const panel = page.getByTestId("sticker-panel");
  // Under load the page can show before React has hydrated it, and a click then places nothing.
  await expect(layer).toHaveAttribute("data-ready", "true");

  // By click: a link sticker where the pointer is.
  await panel.getByLabel("Sticker to add").selectOption("link");
  const box = await layer.boundingBox();
  if (!box) throw new Error("the sticker layer is not on screen");
  await layer.click({ position: { x: box.width * 0.5, y: box.height * 0.75 } });
  const linkSticker = layer.getByRole("button", { name: /^Link sticker/ });
  await expect(linkSticker).toHaveAccessibleName(/50% across, 75% down$/);
  const form = page.getByTestId("sticker-form");
  await expect(form.getByTestId("sticker-problem")).not.toBeEmpty();
  await form.getByLabel("Link URL").fill("https://example.com/sale");
  await expect(form.getByTestId("sticker-problem")).toBeEmpty();
  const items = panel.getByRole("list", { name: "Stickers on this story" }).getByTestId("sticker-item");
  await expect(items.nth(0).getByTestId("sticker-summary")).toHaveText(
    "Frame 1: Link sticker https://example.com/sale",
  );
  await expect(items.nth(0).getByTestId("sticker-channel-note")).toHaveText(
    `Link stickers cannot be added through Instagram's API: you get a handoff to post this story by hand on ${instagram.displayName}.`,
  );
  await keepScreenshot(page, "handoff-composer-sticker-click.png");

  // By keyboard: Enter adds a mention in the middle, arrows move it (Shift: 10%), Delete removes.
  await panel.getByLabel("Sticker to add").selectOption("mention");
  await layer.focus();
  await page.keyboard.press("Enter");
  const mention = layer.getByRole("button", { name: /^Mention/ });
  await expect(mention).toHaveAccessibleName(/50% across, 50% down$/);
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Shift+ArrowDown");
  await expect(mention).toHaveAccessibleName(/51% across, 60% down$/);
  await form.getByLabel("Username").fill("@acme.partner");
  await expect(items.nth(1).getByTestId("sticker-channel-note")).toHaveText(
    `Instagram adds this mention (${instagram.displayName}).`,
  );
  await layer.focus();
  await page.keyboard.press("Enter");
  await expect(layer.getByRole("button")).toHaveCount(3);
  await page.keyboard.press("Delete");
  await expect(layer.getByRole("button")).toHaveCount(2);
  await keepBothWidths(page, "handoff-composer-sticker-keyboard");
  await page.setViewportSize(DESKTOP);

  // "Remove sticker" in the form; then Save draft keeps the rest.
  await layer.click({ position: { x: box.width * 0.2, y: box.height * 0.4 } });
  await expect(layer.getByRole("button")).toHaveCount(3);
  await form.getByRole("button", { name: "Remove sticker" }).click();
  await expect(layer.getByRole("button")).toHaveCount(2);

  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page).toHaveURL(new RegExp(`/w/${slug}/stories/${draft.id}$`));
  const frame = await db().storyFrame.findFirstOrThrow({ where: { storyId: draft.id } });
  expect(frame.stickers).toEqual([
    { kind: "link", url: "https://example.com/sale", x: 0.5, y: 0.75 },
    { kind: "mention", username: "acme.partner", x: 0.51, y: 0.6 },
  ]);
});

test("a link sticker on Instagram and a WhatsApp handoff: bell, phone page, download, copy, Done", async ({
  page,
  context,
}) => {
  test.setTimeout(180_000);
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.setViewportSize(DESKTOP);
  const { RUN, owner, slug, brandId, ctx, user, asset, instagram } = await setUp(page, "Hana");
  const whatsapp = await db().channel.create({
    data: {
      workspaceId: ctx.workspaceId,
      brandId,
      platform: "WHATSAPP",
      externalAccountId: `handoff-${user.id}`,
      displayName: `WhatsApp by hand ${RUN}`,
      config: { mode: "handoff", assigneeUserId: user.id },
    },
  });
  const title = `Sale ${RUN}`;
  const draft = await saveDraft({ db: db() }, ctx, {
    brandId,
    title,
    channelIds: [instagram.id, whatsapp.id],
    frames: [asset.id],
    whatsappText: "Sale today only",
    stickers: [{ frame: 0, kind: "link", url: "https://example.com/sale", x: 0.5, y: 0.8 }],
  });

  await page.goto(`/w/${slug}/stories/${draft.id}/edit`);
  await page.getByRole("button", { name: "Publish now" }).click();
  await confirmDialog(page, "Publish now");
  await expect(page).toHaveURL(new RegExp(`/w/${slug}/stories/${draft.id}$`));
  await expect(page.getByTestId("target-state")).toHaveText(
    ["Waiting for a person", "Waiting for a person"],
    {
      timeout: 60_000,
    },
  );

  // The bell: one handoff per channel, both to the owner (the author, and WhatsApp's assignee).
  await page.reload();
  const bell = page.getByRole("link", { name: /^Notifications, / });
  await expect(bell).toHaveAccessibleName("Notifications, 2 unread");
  await bell.click();
  const notice = page
    .getByRole("list", { name: "Notifications" })
    .getByRole("link", { name: `Post now: ${title} on ${instagram.displayName}` });
  await expect(notice).toBeVisible();
  await keepBothWidths(page, "handoff-bell");

  // The phone page, at 390 px.
  await notice.click();
  await expect(page.getByRole("heading", { level: 1, name: `Post by hand: ${title}` })).toBeVisible();
  const noSideScroll = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  expect(noSideScroll).toBe(true);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download frame 1" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/-frame-1\.jpg$/);
  const saved = await download.path();
  expect(fs.statSync(saved).size).toBeGreaterThan(1000);
  const sticker = page.getByTestId("handoff-sticker");
  await expect(sticker).toContainText("Link sticker: add it in the app");
  await expect(sticker).toContainText("about 50% from the left and 80% from the top");
  await sticker.getByRole("button", { name: "Copy the link URL of sticker 1 on frame 1" }).click();
  await expect(sticker.getByRole("status")).toHaveText("Copied.");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe("https://example.com/sale");
  await keepBothWidths(page, "handoff-phone-page");

  await page.getByRole("button", { name: `Done — I posted it on ${instagram.displayName}` }).click();
  await expect(page.getByTestId("handoff-status")).toContainText(`Posted by hand by ${owner.name}.`);
  await expect(page.getByRole("button", { name: /^Done — I posted it/ })).toHaveCount(0);
  await keepScreenshot(page, "handoff-phone-page-done.png");

  // The WhatsApp one, from the list of open handoffs; then the story has gone out everywhere.
  await page.goto(`/w/${slug}/handoffs`);
  const open = page.getByRole("list", { name: "Stories to post by hand" });
  await expect(open.getByRole("listitem")).toHaveCount(1);
  await open.getByRole("link", { name: `${title} on ${whatsapp.displayName}` }).click();
  await expect(page.getByText("Sale today only", { exact: true })).toBeVisible();
  await page.getByRole("button", { name: `Done — I posted it on ${whatsapp.displayName}` }).click();
  await expect(page.getByTestId("handoff-status")).toContainText(`Posted by hand by ${owner.name}.`);

  await page.goto(`/w/${slug}/stories/${draft.id}`);
  await expect(page.getByTestId("story-status")).toHaveText("Published");
  const instagramCard = page.getByTestId("target").filter({ hasText: instagram.displayName });
  await expect(instagramCard).toContainText(`Posted by hand by ${owner.name}.`);
  await keepBothWidths(page, "handoff-story-posted");
});
