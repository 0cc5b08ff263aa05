import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import sharp from "sharp";
import { formatInstant } from "@/lib/core/instant-format";
import { formatWallClock, wallClockAt } from "@/lib/core/wall-clock";
import { db, disconnectDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { mediaStorage } from "@/lib/media/storage-config";
import { storeMediaAsset } from "@/lib/media/store-media-asset";
import { resolveWorkspaceContext } from "@/lib/workspaces/resolve-workspace-context";
import { testVideo } from "@/test/media/test-media";
import { connectSandboxChannels, newOwnerWithBrand, runId } from "./support/accounts";
import { afterPointerDrop, frameOrder, moveFrameByKeyboard } from "./support/composer";
import { count } from "./support/database";
import { processedChecksum } from "./support/media-library";
import { readyMediaAsset } from "./support/ready-media";
import { keepScreenshot } from "./support/screenshots";
import { stack } from "./support/stack";

// The composer end to end, in a brand whose zone is not UTC (Asia/Kolkata, +05:30) seen by a
// viewer in Europe/Paris: three frames from the media library, the checks flag a 75 s video for
// every platform (with the split advice), frames are reordered by keyboard and by mouse, the
// story is saved as a draft, edited, scheduled a minute ahead in the brand's zone, and goes out
// on all three sandbox channels, which the simulators' phone page shows. Then it is duplicated.

const ZONE = "Asia/Kolkata";

/** Names unique to one run of the test, so `--repeat-each` runs never share an account. */
function identities() {
  const RUN = runId();
  return {
    RUN,
    owner: {
      name: "Cora Composer",
      email: `composer-${RUN}@e2e.storyrelay.test`,
      password: "a long enough passphrase",
      workspace: `Compose Agency ${RUN}`,
    },
    brandName: `Chai Corner ${RUN}`,
    names: {
      sunrise: `sunrise-${RUN}.jpg`,
      menu: `menu-${RUN}.jpg`,
      team: `team-${RUN}.jpg`,
      long: `long-cut-${RUN}.mp4`,
    },
  };
}

test.use({ timezoneId: "Europe/Paris", locale: "en-US", viewport: { width: 1366, height: 900 } });

test.afterAll(async () => {
  await disconnectDb();
});

/**
 * A 9:16 JPEG of one colour. The workers re-encode every image into its story rendition, so
 * frames that must tell apart on the simulators' phone page need different pictures, not just
 * different bytes.
 */
function image(colour: string): Promise<Buffer> {
  return sharp({ create: { width: 1080, height: 1920, channels: 3, background: colour } })
    .jpeg()
    .toBuffer();
}

test("compose three frames, see the checks, draft, edit, schedule a minute ahead, published everywhere", async ({
  page,
}) => {
  test.setTimeout(300_000);
  const { RUN, owner, brandName, names } = identities();
  // React reports hydration mismatches (server and browser rendering differently) and other
  // recoverable errors on the console; the composer must cause none. The app has no favicon yet.
  const consoleErrors: string[] = [];
  page.on("console", (message) => {
    const where = message.location().url;
    if (message.type() === "error" && !where.endsWith("/favicon.ico")) {
      consoleErrors.push(`${message.text()} ${where}`);
    }
  });
  const images = {
    sunrise: await image("#f4a261"),
    menu: await image("#2a9d8f"),
    team: await image("#e76f51"),
  };
  const ids: Record<keyof typeof names, string> = { sunrise: "", menu: "", team: "", long: "" };
  // What the platforms receive: each image's processed story rendition.
  const sha256 = { sunrise: "", menu: "", team: "" };
  let slug = "";
  let brandId = "";
  let storyId = "";

  await test.step("an owner signs up and creates a brand in Asia/Kolkata", async () => {
    ({ slug, brandId } = await newOwnerWithBrand(page, owner, { name: brandName, timeZone: ZONE }));
  });

  await test.step("the brand gets sandbox channels and four ready media assets", async () => {
    await connectSandboxChannels(brandId);
    const config = env();
    const user = await db().user.findUniqueOrThrow({ where: { email: owner.email } });
    const ctx = await resolveWorkspaceContext(db(), user.id, slug);
    const media = { db: db(), storage: mediaStorage(), maxBytes: config.MEDIA_MAX_BYTES };
    for (const key of ["sunrise", "menu", "team"] as const) {
      ids[key] = (
        await storeMediaAsset(media, ctx, { bytes: images[key], originalName: names[key], brandId })
      ).id;
    }
    for (const key of ["sunrise", "menu", "team"] as const) sha256[key] = await processedChecksum(ids[key]);
    // A real 75 s video, processed as the workers would (one frame a second: quick to make and
    // to process); the checks read its length from the asset's row.
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "composer-e2e-"));
    const clip = await testVideo(scratch, { width: 1080, height: 1920, seconds: 75, codec: "h264", rate: 1 });
    const long = await readyMediaAsset(ctx, {
      bytes: fs.readFileSync(clip),
      originalName: names.long,
      brandId,
    });
    fs.rmSync(scratch, { recursive: true, force: true });
    expect(Math.round((long.durationMs ?? 0) / 1000)).toBe(75);
    ids.long = long.id;
  });

  await test.step("New story opens the composer; three frames are added from the library", async () => {
    await page.goto(`/w/${slug}/brands/${brandId}`);
    await page.getByRole("link", { name: "New story" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "New story" })).toBeVisible();
    await expect(page.getByLabel(`Time (${ZONE})`)).toBeVisible();
    for (const channel of await page.getByRole("group", { name: "Channels" }).getByRole("checkbox").all()) {
      await expect(channel).toBeChecked();
    }
    await page.getByLabel("Title (optional)").fill(`Monsoon menu ${RUN}`);
    await page.getByRole("button", { name: new RegExp(`^Add ${names.sunrise}`) }).click();
    await page.getByRole("button", { name: new RegExp(`^Add ${names.long}`) }).click();
    await page.getByRole("button", { name: new RegExp(`^Add ${names.menu}`) }).click();
    expect(await frameOrder(page)).toEqual([ids.sunrise, ids.long, ids.menu]);
    await expect(page.getByTestId("phone-preview")).toBeVisible();
    await expect(page.getByTestId("safe-zone-top")).toBeVisible();
    await expect(page.getByTestId("safe-zone-bottom")).toBeVisible();
    expect(consoleErrors).toEqual([]);
  });

  await test.step("the checks flag the 75 s video on every platform, with the split advice", async () => {
    const whatsapp = page.getByTestId("check-2-WHATSAPP");
    await expect(whatsapp).toContainText("75 s video: WhatsApp Status allows 60 s");
    await expect(whatsapp).toContainText("split into 2 frames?");
    await expect(page.getByTestId("check-2-INSTAGRAM")).toContainText(
      "75 s video: Instagram Stories allows 60 s",
    );
    await expect(page.getByTestId("check-2-FACEBOOK")).toContainText("Facebook Page Stories allows 60 s");
    await expect(page.getByTestId("check-1-INSTAGRAM")).toHaveText(/OK/);
    await expect(page.getByTestId("checks-summary")).toContainText("3 errors");
    await expect(page.getByRole("button", { name: "Schedule", exact: true })).toBeDisabled();
    await expect(page.getByRole("button", { name: "Publish now" })).toBeDisabled();

    // What the APIs cannot publish is said plainly: a link sticker placed on the preview means
    // that channel is posted by hand (decision 023).
    await page.getByTestId("sticker-panel").getByLabel("Sticker to add").selectOption("link");
    await page.getByRole("application", { name: /^Stickers on frame/ }).click();
    const stickerAdvice = page
      .getByTestId("checks")
      .getByText("Instagram Stories: the API cannot add a link sticker.");
    await expect(stickerAdvice).toBeVisible();
    await expect(stickerAdvice).toContainText("handed to a person to post there by hand");
    await expect(page.getByTestId("checks-summary")).toContainText("3 errors, 2 warnings");
    await keepScreenshot(page.getByTestId("checks"), "composer-checks.png");
    await page.getByTestId("sticker-form").getByRole("button", { name: "Remove sticker" }).click();
    await expect(stickerAdvice).toHaveCount(0);
    await keepScreenshot(page, "composer.png");

    // "Leave out for WhatsApp" is a per-channel override: that cell stops counting.
    await whatsapp.getByRole("button", { name: "Leave out for WhatsApp Status" }).click();
    await expect(whatsapp).toHaveText("Left out");
    await expect(page.getByTestId("checks-summary")).toContainText("2 errors");
  });

  await test.step("frames reorder by keyboard and by mouse drag", async () => {
    // Keyboard: lift the first frame with Space, move it down one, drop it.
    await moveFrameByKeyboard(page, 1, 1);
    await expect.poll(() => frameOrder(page)).toEqual([ids.long, ids.sunrise, ids.menu]);

    // Mouse: drag the last frame's handle onto the first frame.
    const from = await page.getByRole("button", { name: /^Drag to reorder frame 3/ }).boundingBox();
    const to = await page.getByTestId("frame").first().boundingBox();
    if (!from || !to) throw new Error("frames are not laid out");
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2, from.y - 10, { steps: 5 });
    await page.mouse.move(to.x + 20, to.y + 5, { steps: 15 });
    await page.mouse.up();
    await expect.poll(() => frameOrder(page)).toEqual([ids.menu, ids.long, ids.sunrise]);
    await afterPointerDrop(page);

    // The buttons do the same for anyone who prefers them.
    await page.getByRole("button", { name: "Move frame 1 down" }).click();
    await expect.poll(() => frameOrder(page)).toEqual([ids.long, ids.menu, ids.sunrise]);
  });

  await test.step("Save draft keeps it as a draft, nothing queued", async () => {
    await page.getByRole("button", { name: "Save draft" }).click();
    await expect(page).toHaveURL(new RegExp(`/w/${slug}/stories/[a-z0-9]+$`));
    storyId = new URL(page.url()).pathname.split("/")[4] ?? "";
    await expect(page.getByTestId("story-status")).toHaveText("Draft");
    expect(await count(`"Story" WHERE id = $1 AND status = 'DRAFT'`, [storyId])).toBe(1);
    expect(await count(`"StoryFrame" WHERE "storyId" = $1`, [storyId])).toBe(3);
  });

  await test.step("Edit: the long video is replaced, and it is scheduled a minute ahead in the brand's zone", async () => {
    await page.getByRole("link", { name: "Edit", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: /Edit story/ })).toBeVisible();
    expect(await frameOrder(page)).toEqual([ids.long, ids.menu, ids.sunrise]);
    // The WhatsApp override (video left out) came back with the draft.
    await expect(page.getByTestId("check-1-WHATSAPP")).toHaveText("Left out");

    await page.getByRole("button", { name: "Remove frame 1" }).click();
    await page.getByRole("button", { name: new RegExp(`^Add ${names.team}`) }).click();
    expect(await frameOrder(page)).toEqual([ids.menu, ids.sunrise, ids.team]);
    await expect(page.getByTestId("checks-summary")).toHaveText("All checks pass.");
    await page.getByLabel("WhatsApp caption (optional)").fill(`Chai is on ${RUN}`);

    // The next whole minute at least half a minute away, as the brand's wall clock reads it: ample
    // for the checks and the click before it is due (a few seconds), and on average half a minute
    // less waiting than a whole minute's lead.
    const due = new Date(Math.ceil((Date.now() + 30_000) / 60_000) * 60_000);
    await page.getByLabel(`Time (${ZONE})`).fill(formatWallClock(wallClockAt(due, ZONE)));
    const parisTime = formatInstant(due, "Europe/Paris", "date-time", "en-US");
    await expect(page.getByTestId("viewer-time")).toContainText("(Europe/Paris)");
    await expect(page.getByTestId("viewer-time")).toContainText(new RegExp(parisTime.replace(/\s/g, "\\s")));
    await keepScreenshot(page, "composer-ready.png");

    await page.getByRole("button", { name: "Schedule", exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/w/${slug}/stories/${storyId}$`));
    await expect(page.getByTestId("story-status")).toHaveText("Scheduled");
    // The viewer's (Paris) time, then the brand's with its zone named.
    await expect(page.getByTestId("story-time")).toContainText(
      new RegExp(`^Scheduled for .+ your time · .+ in ${ZONE}`),
    );
  });

  await test.step("at the minute it is published on all three sandbox channels", async () => {
    const targets = page.getByTestId("target");
    await expect(targets).toHaveCount(3);
    for (const target of await targets.all()) {
      await expect(target.getByTestId("target-state")).toHaveText("Published", { timeout: 150_000 });
    }
    await expect(page.getByTestId("story-status")).toHaveText("Published");
    await keepScreenshot(page, "composer-published.png");
  });

  await test.step("the simulators' phone page shows every frame on every account", async () => {
    const simulator = await page.context().newPage();
    await simulator.goto(stack.simulatorUrl);
    // This run's phones only: the same pictures from earlier runs live on other accounts.
    const ours = simulator.locator("section.phone").filter({ hasText: brandName });
    for (const key of ["menu", "sunrise", "team"] as const) {
      await expect(ours.locator(`figure.story[data-sha256="${sha256[key]}"]`)).toHaveCount(3);
    }
    for (const platform of ["instagram", "facebook", "whatsapp"]) {
      await expect(
        ours.and(simulator.locator(`section.phone.${platform}`)).filter({
          has: simulator.locator(`figure.story[data-sha256="${sha256.team}"]`),
        }),
      ).toHaveCount(1);
    }
    await simulator.close();
  });

  await test.step("Duplicate copies it as a new draft, opened in the composer", async () => {
    await page.getByRole("button", { name: "Duplicate" }).click();
    await expect(page).toHaveURL(new RegExp(`/w/${slug}/stories/[a-z0-9]+/edit$`));
    const copyId = new URL(page.url()).pathname.split("/")[4] ?? "";
    expect(copyId).not.toBe(storyId);
    await expect(page.getByLabel("Title (optional)")).toHaveValue(`Copy of Monsoon menu ${RUN}`);
    expect(await frameOrder(page)).toEqual([ids.menu, ids.sunrise, ids.team]);
    await expect(page.getByLabel("WhatsApp caption (optional)")).toHaveValue(`Chai is on ${RUN}`);
    expect(
      await count(`"Story" WHERE id = $1 AND status = 'DRAFT' AND "scheduledAt" IS NULL`, [copyId]),
    ).toBe(1);
  });

  await test.step("the composer works at phone width", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(page.getByRole("button", { name: "Save draft" })).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await keepScreenshot(page, "composer-phone-width.png");
  });
});
