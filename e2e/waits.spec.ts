import { expect, test } from "@playwright/test";
import { formatInstant } from "@/lib/core/instant-format";
import { formatWallClock, wallClockAt } from "@/lib/core/wall-clock";
import { db, disconnectDb } from "@/lib/db/client";
import { resolveWorkspaceContext } from "@/lib/workspaces/resolve-workspace-context";
import { makeMediaAsset } from "@/prisma/factories";
import { jpeg } from "@/test/media/media-fixtures";
import { connectSandboxChannels, newOwnerWithBrand, runId } from "./support/accounts";
import { readyMediaAsset } from "./support/ready-media";
import { keepScreenshot } from "./support/screenshots";

// The story page explains waits: a story whose channels are held (Instagram by its publishing
// quota, WhatsApp by a reconnect) says "Waiting", not "Publishing", and each channel says what it
// waits for, until when, and what to do. The held states are written the way the pipeline leaves
// them (the pipeline's side is lib/publishing/waits.integration.test.ts).

const RUN = runId();
const owner = {
  name: "Wanda Waiter",
  email: `waits-${RUN}@e2e.storyrelay.test`,
  password: "a long enough passphrase",
  workspace: `Waits Agency ${RUN}`,
};

// The tests are independent (each signs up an owner of its own), so they run on several workers at once:
// one after another they made this file one of the run's longest.
test.describe.configure({ mode: "parallel" });

test.use({ locale: "en-US" });

test.afterAll(async () => {
  await disconnectDb();
});

test("a story held by a quota and a reconnect says what it waits for, per channel", async ({ page }) => {
  test.setTimeout(90_000);
  const { slug, brandId } = await newOwnerWithBrand(page, owner, {
    name: `Harbour Coffee ${RUN}`,
    timeZone: "Europe/Berlin",
  });
  const channels = await connectSandboxChannels(brandId);
  const instagram = channels.find((c) => c.platform === "INSTAGRAM");
  const whatsapp = channels.find((c) => c.platform === "WHATSAPP");
  if (!instagram || !whatsapp) throw new Error("sandbox channels missing");
  const brand = await db().brand.findUniqueOrThrow({ where: { id: brandId } });
  const asset = await makeMediaAsset(db(), brand.workspaceId, {
    kind: "IMAGE",
    bytes: jpeg({ width: 1080, height: 1920 }),
    mimeType: "image/jpeg",
  });

  const now = Date.now();
  const quotaUntil = new Date(now + 40 * 60_000);
  await db().channel.update({
    where: { id: whatsapp.id },
    data: { status: "NEEDS_REAUTH", statusReason: "Scan the QR code again in WAHA." },
  });
  const story = await db().story.create({
    data: {
      workspaceId: brand.workspaceId,
      brandId,
      title: "Autumn blend",
      status: "PUBLISHING",
      scheduledAt: new Date(now - 5 * 60_000),
      timeZone: "Europe/Berlin",
      freshnessDeadline: new Date(now + 115 * 60_000),
    },
  });
  await db().storyFrame.create({
    data: { workspaceId: brand.workspaceId, storyId: story.id, position: 0, mediaAssetId: asset.id },
  });
  await db().storyTarget.createMany({
    data: [
      {
        workspaceId: brand.workspaceId,
        storyId: story.id,
        channelId: instagram.id,
        state: "PENDING",
        nextAttemptAt: quotaUntil,
        waitReason: "QUOTA",
        waitUntil: quotaUntil,
        waitDetail: "Instagram Stories allows 100 posts per 24 h; 100 used, this story needs 1 more",
      },
      {
        workspaceId: brand.workspaceId,
        storyId: story.id,
        channelId: whatsapp.id,
        state: "NEEDS_REAUTH",
        waitReason: "CHANNEL_NEEDS_REAUTH",
      },
    ],
  });

  await page.goto(`/w/${slug}/stories/${story.id}`);
  await expect(page.getByTestId("story-status")).toHaveText("Waiting");
  await expect(page.getByTestId("story-wait")).toContainText(
    `every open channel is waiting. First to move: ${instagram.displayName}, waiting for the platform's publishing limit`,
  );

  const cards = page.getByTestId("target");
  const instagramCard = cards.filter({ hasText: instagram.displayName });
  const quotaWait = instagramCard.getByTestId("target-wait");
  await expect(quotaWait).toContainText(
    "Waiting for the platform's publishing limit (Instagram Stories allows 100 posts per 24 h",
  );
  // The viewer's time (this browser's, UTC) and the brand's beside it, its zone named.
  const brandUntil = formatInstant(quotaUntil, "Europe/Berlin", "date-time", "en-US");
  await expect(quotaWait).toContainText(
    new RegExp(`until .+ your time · ${brandUntil.replace(/\s/g, "\\s")} in Europe/Berlin`),
  );
  await expect(quotaWait).toContainText("it goes out as soon as the limit frees");

  const reconnectWait = cards.filter({ hasText: whatsapp.displayName }).getByTestId("target-wait");
  await expect(reconnectWait).toContainText("Waiting for the channel to be reconnected.");
  await expect(reconnectWait).toContainText(`Reconnect ${whatsapp.displayName}`);
  await expect(reconnectWait).toContainText("Latest start:");
  await keepScreenshot(page, "story-waits.png");

  // The brand's story list says the same: waiting, not publishing.
  await page.goto(`/w/${slug}/brands/${brandId}`);
  const row = page.getByRole("row").filter({ hasText: "Autumn blend" });
  await expect(row.getByText("Waiting", { exact: true }).first()).toBeVisible();
  await expect(row.getByText("Publishing", { exact: true })).toHaveCount(0);
});

test("the composer warns before scheduling when Instagram's quota is full around the chosen time", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const planner = {
    ...owner,
    email: `waits-composer-${RUN}@e2e.storyrelay.test`,
    workspace: `Quota Agency ${RUN}`,
  };
  const zone = "Europe/Berlin";
  const { slug, brandId } = await newOwnerWithBrand(page, planner, {
    name: `Quota Bakery ${RUN}`,
    timeZone: zone,
  });
  const channels = await connectSandboxChannels(brandId);
  const instagram = channels.find((c) => c.platform === "INSTAGRAM");
  if (!instagram) throw new Error("sandbox channels missing");
  const user = await db().user.findUniqueOrThrow({ where: { email: planner.email } });
  const ctx = await resolveWorkspaceContext(db(), user.id, slug);
  const photo = await readyMediaAsset(ctx, {
    bytes: jpeg({ width: 1080, height: 1920 }),
    originalName: `croissant-${RUN}.jpg`,
    brandId,
  });

  // Instagram's whole quota (100 per 24 h) is already booked, two days ahead at a full hour.
  const bookedAt = new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000 + 2 * 86_400_000);
  const booked = await db().story.create({
    data: {
      workspaceId: ctx.workspaceId,
      brandId,
      title: "Hundred frames",
      status: "SCHEDULED",
      scheduledAt: bookedAt,
      timeZone: zone,
      freshnessDeadline: new Date(bookedAt.getTime() + 2 * 3_600_000),
    },
  });
  const frames = await db().storyFrame.createManyAndReturn({
    data: Array.from({ length: 100 }, (_, position) => ({
      workspaceId: ctx.workspaceId,
      storyId: booked.id,
      position,
      mediaAssetId: photo.id,
    })),
  });
  const target = await db().storyTarget.create({
    data: { workspaceId: ctx.workspaceId, storyId: booked.id, channelId: instagram.id },
  });
  await db().storyTargetFrame.createMany({
    data: frames.map((frame) => ({
      workspaceId: ctx.workspaceId,
      targetId: target.id,
      frameId: frame.id,
      position: frame.position,
    })),
  });

  await page.goto(`/w/${slug}/brands/${brandId}`);
  await page.getByRole("link", { name: "New story" }).click();
  await page.getByRole("button", { name: new RegExp(`^Add croissant-${RUN}`) }).click();
  const local = (instant: Date) => formatWallClock(wallClockAt(instant, zone));
  await page.getByLabel(`Time (${zone})`).fill(local(new Date(bookedAt.getTime() + 3_600_000)));
  const warning = page
    .getByTestId("checks")
    .getByText(
      `${instagram.displayName}: Instagram Stories allows 100 posts per 24 h, and 100 are already published or scheduled within 24 h of this time`,
    );
  await expect(warning).toBeVisible();
  await expect(page.getByTestId("checks-summary")).toContainText("1 warning");
  await keepScreenshot(page.getByTestId("checks"), "composer-quota-warning.png");

  // A day and two hours later the bookings have left the window: no warning.
  await page.getByLabel(`Time (${zone})`).fill(local(new Date(bookedAt.getTime() + 26 * 3_600_000)));
  await expect(warning).toHaveCount(0);
  await expect(page.getByTestId("checks-summary")).toHaveText("All checks pass.");
});
