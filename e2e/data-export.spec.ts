import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { db, disconnectDb } from "@/lib/db/client";
import { createLogger } from "@/lib/logger";
import { createPublishQueues } from "@/lib/queue/publish-queues";
import { scheduleStory } from "@/lib/stories/schedule-story";
import { resolveWorkspaceContext } from "@/lib/workspaces/resolve-workspace-context";
import { unzip } from "@/test/exports/unzip";
import { jpeg } from "@/test/media/media-fixtures";
import { connectSandboxChannels, newOwnerWithBrand, runId } from "./support/accounts";
import { readyMediaAsset } from "./support/ready-media";
import { keepScreenshot } from "./support/screenshots";
import { stack } from "./support/stack";

// Settings → Export data in a real browser: a new owner with a story and its photo starts an
// export (the password is fresh from signing up), watches the workers build it, downloads the
// ZIP through its signed link and finds the story, the photo's bytes and no secret in it.

test.afterAll(async () => {
  await disconnectDb();
});

test("an owner exports the workspace as a ZIP and downloads it", async ({ page }) => {
  const run = runId();
  const owner = {
    name: "Olga Export",
    email: `export-${run}@e2e.storyrelay.test`,
    password: `export-${run}-long-password`,
    workspace: `Export Agency ${run}`,
  };
  const { slug, brandId } = await newOwnerWithBrand(page, owner, {
    name: `Export Bakery ${run}`,
    timeZone: "UTC",
  });
  const channels = await connectSandboxChannels(brandId);
  const user = await db().user.findUniqueOrThrow({ where: { email: owner.email } });
  const ctx = await resolveWorkspaceContext(db(), user.id, slug);
  const photo = await readyMediaAsset(ctx, {
    bytes: jpeg({ width: 1080, height: 1920, seed: 11 }),
    originalName: "croissant.jpg",
    brandId,
  });
  const queues = createPublishQueues(stack.redisUrl);
  const story = await scheduleStory({ db: db(), queues, logger: createLogger("e2e", "silent") }, ctx, {
    brandId,
    title: `Croissant week ${run}`,
    channelIds: channels.map((c) => c.id),
    frames: [photo.id],
    when: { local: "2027-05-03T09:00" },
  });
  await queues.close();

  await page.goto(`/w/${slug}/settings`);
  await page.getByRole("link", { name: /Export data/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Export data" })).toBeVisible();
  await page.getByLabel("What to export").selectOption("workspace");
  await page.getByRole("button", { name: "Start export" }).click();
  await expect(page.locator("#main").getByText(/Export of the whole workspace started/)).toBeVisible();
  const item = page.getByTestId("export-item").first();
  await expect(item.getByTestId("export-status")).toHaveText("Ready to download", { timeout: 60_000 });
  await expect(item.getByTestId("export-summary")).toContainText("1 story · 3 media files");
  await keepScreenshot(page, "data-export-desktop.png");
  await page.setViewportSize({ width: 390, height: 844 });
  await keepScreenshot(page, "data-export-phone.png");

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    item.getByTestId("export-download").click(),
  ]);
  const zip = await readFile((await download.path()) ?? "");
  const files = await unzip(zip);
  expect(String(files.get("README.txt"))).toContain(owner.workspace);
  const stories = JSON.parse(String(files.get("data/stories.json"))) as { id: string; title: string }[];
  expect(stories).toEqual([expect.objectContaining({ id: story.id, title: `Croissant week ${run}` })]);
  const manifest = JSON.parse(String(files.get("manifest.json"))) as {
    media: { path: string; sha256: string }[];
  };
  const rendition = manifest.media.find((m) => m.path === `media/${photo.id}/rendition.jpg`);
  const bytes = files.get(`media/${photo.id}/rendition.jpg`);
  expect(bytes && createHash("sha256").update(bytes).digest("hex")).toBe(photo.checksum);
  expect(rendition?.sha256).toBe(photo.checksum);
  expect(files.has(`media/${photo.id}/original.jpg`)).toBe(true);
  const members = JSON.parse(String(files.get("data/members.json"))) as { email: string }[];
  expect(members.map((m) => m.email)).toEqual([owner.email]);
  expect(zip.includes(Buffer.from(user.passwordHash))).toBe(false);
  for (const entry of files.values()) expect(entry.includes(Buffer.from(user.passwordHash))).toBe(false);
});
