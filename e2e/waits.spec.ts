import { expect, test } from "@playwright/test";
import { db, disconnectDb } from "@/lib/db/client";
import { jpeg } from "@/lib/media/media-fixtures";
import { makeMediaAsset } from "@/prisma/factories";
import { connectSandboxChannels, runId, signUpWithBrand } from "./support/accounts";
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

test.afterAll(async () => {
  await disconnectDb();
});

test("a story held by a quota and a reconnect says what it waits for, per channel", async ({ page }) => {
  test.setTimeout(90_000);
  const { slug, brandId } = await signUpWithBrand(page, owner, {
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
    bytes: jpeg(1080, 1920),
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
  const until = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/Berlin",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(quotaUntil);
  await expect(quotaWait).toContainText(`until ${until}`);
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
