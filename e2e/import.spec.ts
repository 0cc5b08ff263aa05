import { readFile } from "node:fs/promises";
import { type Browser, expect, type Page, test } from "@playwright/test";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db, disconnectDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { createLogger } from "@/lib/logger";
import { createPublishQueues, type PublishQueues } from "@/lib/queue/publish-queues";
import { scheduleStory } from "@/lib/stories/schedule-story";
import { makeBrand, makeSandboxChannels, makeUser, makeWorkspace } from "@/prisma/factories";
import { jpeg } from "@/test/media/media-fixtures";
import { readyMediaAsset } from "./support/ready-media";
import { keepScreenshot } from "./support/screenshots";
import { signInAs } from "./support/sign-in";
import { stack } from "./support/stack";

// Bulk planning in a real browser: a brand's plan downloads as CSV in the import format, a title
// that a spreadsheet would run as a formula escaped; the Import page (template, dry run report,
// import with progress by the workers, idempotent re-import); the brand's iCalendar feed.

const RUN = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

let queues: PublishQueues;
let seed: {
  slug: string;
  email: string;
  brandId: string;
  brandName: string;
  mediaId: string;
  channelId: string;
};

test.beforeAll(async () => {
  // The workers consume this queue; the story is due in 2027, long after the run.
  queues = createPublishQueues(stack.redisUrl);
  const owner = await makeUser(db(), { name: "Ines Import" });
  const { workspace, ctx } = await makeWorkspace(db(), { name: `Import Agency ${RUN}`, ownerId: owner.id });
  const brand = await makeBrand(db(), workspace.id, {
    name: `Plan Bakery ${RUN}`,
    timeZone: "Europe/Berlin",
  });
  const channels = await makeSandboxChannels(db(), secretBoxFromEnv(env()), brand, ["INSTAGRAM"]);
  const frame = await readyMediaAsset(ctx, {
    bytes: jpeg({ width: 1080, height: 1920 }),
    originalName: "plan.jpg",
    brandId: brand.id,
  });
  await scheduleStory({ db: db(), queues, logger: createLogger("e2e", "silent") }, ctx, {
    brandId: brand.id,
    title: '=HYPERLINK("http://evil.example","click")',
    channelIds: channels.map((c) => c.id),
    frames: [frame.id],
    when: { local: "2027-05-03T09:00" },
  });
  seed = {
    slug: workspace.slug,
    email: owner.email,
    brandId: brand.id,
    brandName: brand.name,
    mediaId: frame.id,
    channelId: channels[0]?.id ?? "",
  };
});

test.afterAll(async () => {
  await queues?.close();
  await disconnectDb();
});

const signIn = (browser: Browser, email: string): Promise<Page> => signInAs(browser, email);

test("a brand's plan exports as CSV with formulas escaped", async ({ browser }) => {
  const page = await signIn(browser, seed.email);
  await page.goto(`/w/${seed.slug}/brands/${seed.brandId}`);
  await expect(page.getByRole("heading", { level: 1, name: seed.brandName })).toBeVisible();
  await page.setViewportSize({ width: 1280, height: 800 });
  await keepScreenshot(page, "import-brand-export-1280.png");
  await page.setViewportSize({ width: 390, height: 844 });
  await keepScreenshot(page, "import-brand-export-390.png");

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Export plan (CSV)" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe("plan.csv");
  const text = await readFile((await download.path()) ?? "", "utf8");
  const [header, row] = text.split("\r\n");
  expect(header).toBe("brand,channels,date,time,zone,frames,whatsapp_caption,stickers,title");
  expect(row).toContain(`${seed.brandName},`);
  expect(row).toContain(`2027-05-03,09:00,Europe/Berlin,${seed.mediaId},,,`);
  expect(row).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);

  // Another workspace's member gets nothing.
  const stranger = await makeUser(db());
  await makeWorkspace(db(), { ownerId: stranger.id });
  const strangerPage = await signIn(browser, stranger.email);
  const refused = await strangerPage.request.get(`/w/${seed.slug}/brands/${seed.brandId}/plan.csv`);
  expect(refused.status()).toBe(404);
  expect(await refused.text()).not.toContain("HYPERLINK");
});

/** A plan of `count` stories in May 2027, one a day at 10:00; `bad` rows are broken on purpose. */
function planCsv(count: number, bad: ReadonlySet<number> = new Set()): Buffer {
  const lines = Array.from({ length: count }, (_, i) => {
    const day = String(i + 1).padStart(2, "0");
    if (bad.has(i) && i % 3 === 0)
      return `${seed.brandName},No such channel,2027-05-${day},10:00,,${seed.mediaId},,,Plan ${i}`;
    if (bad.has(i) && i % 3 === 1)
      return `${seed.brandName},${seed.channelId},2027-05-${day},25:00,,${seed.mediaId},,,Plan ${i}`;
    if (bad.has(i))
      return `${seed.brandName},${seed.channelId},2027-13-${day},10:00,,${seed.mediaId},,,Plan ${i}`;
    return `${seed.brandName},${seed.channelId},2027-05-${day},10:00,,${seed.mediaId},,,Plan ${i}`;
  });
  return Buffer.from(
    `brand,channels,date,time,zone,frames,whatsapp_caption,stickers,title\n${lines.join("\n")}\n`,
  );
}

test("imports a plan: template, 3 bad rows reported, fixed, imported with progress, idempotent; iCal feed", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const page = await signIn(browser, seed.email);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`/w/${seed.slug}/brands/${seed.brandId}`);
  await page.getByRole("link", { name: "Import a plan (CSV)" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Import a plan" })).toBeVisible();

  const [template] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download the template (CSV)" }).click(),
  ]);
  expect(template.suggestedFilename()).toBe("plan-template.csv");
  const lines = (await readFile((await template.path()) ?? "", "utf8")).trim().split("\r\n");
  expect(lines).toHaveLength(3);
  expect(lines[0]).toBe("brand,channels,date,time,zone,frames,whatsapp_caption,stickers,title");

  const file = page.getByLabel("Plan CSV (UTF-8)");
  await file.setInputFiles({
    name: "may.csv",
    mimeType: "text/csv",
    buffer: planCsv(20, new Set([3, 7, 11])),
  });
  await page.getByRole("button", { name: "Check the file" }).click();
  await expect(page.locator("#main").getByText("3 problems stop the import")).toBeVisible();
  const problems = page.getByTestId("plan-problem");
  await expect(problems).toHaveCount(3);
  await expect(problems.first()).toContainText('"No such channel" is not a channel');
  await expect(page.getByRole("button", { name: /^Import \d+ stor/ })).toHaveCount(0);
  await keepScreenshot(page, "import-dry-run-1280.png");
  await page.setViewportSize({ width: 390, height: 844 });
  await keepScreenshot(page, "import-dry-run-390.png");
  await page.setViewportSize({ width: 1280, height: 800 });

  // Fixed: the whole file passes, and the import runs in the workers with its progress page.
  await file.setInputFiles({ name: "may.csv", mimeType: "text/csv", buffer: planCsv(20) });
  await page.getByRole("button", { name: "Check the file" }).click();
  await expect(page.locator("#main").getByText("The file is ready: 20 stories to import.")).toBeVisible();
  await page.getByRole("button", { name: "Import 20 stories" }).click();
  await expect(page).toHaveURL(/\/import\/[^/]+$/);
  await expect(page.getByTestId("import-status")).toHaveText("Imported", { timeout: 60_000 });
  await expect(page.getByTestId("import-counts")).toContainText(
    "20 of 20 rows · 20 created · 0 already imported",
  );
  await keepScreenshot(page, "import-done-1280.png");
  await page.setViewportSize({ width: 390, height: 844 });
  await keepScreenshot(page, "import-done-390.png");
  await page.setViewportSize({ width: 1280, height: 800 });
  expect(await db().story.count({ where: { brandId: seed.brandId, title: { startsWith: "Plan " } } })).toBe(
    20,
  );

  // The same file again creates nothing new.
  await page.goto(`/w/${seed.slug}/brands/${seed.brandId}/import`);
  await page
    .getByLabel("Plan CSV (UTF-8)")
    .setInputFiles({ name: "may.csv", mimeType: "text/csv", buffer: planCsv(20) });
  await page.getByRole("button", { name: "Check the file" }).click();
  await page.getByRole("button", { name: "Import 20 stories" }).click();
  await expect(page.getByTestId("import-status")).toHaveText("Imported", { timeout: 60_000 });
  await expect(page.getByTestId("import-counts")).toContainText("0 created · 20 already imported");
  expect(await db().story.count({ where: { brandId: seed.brandId, title: { startsWith: "Plan " } } })).toBe(
    20,
  );

  // The brand's calendar feed: a secret URL calendar apps can read.
  await page.goto(`/w/${seed.slug}/brands/${seed.brandId}`);
  await page.getByRole("button", { name: "Create the feed URL" }).click();
  const shown = page.locator("#main").getByText(/Feed URL: http\S+\.ics/);
  await expect(shown).toBeVisible();
  const url = ((await shown.textContent()) ?? "").match(/http\S+\.ics/)?.[0] ?? "";
  const feed = await page.request.get(url);
  expect(feed.status()).toBe(200);
  expect(feed.headers()["content-type"]).toContain("text/calendar");
  const ics = await feed.text();
  expect(ics.match(/BEGIN:VEVENT/g)?.length).toBe(21);
  expect(ics).toContain("SUMMARY:Plan 0");
  await keepScreenshot(page, "import-calendar-feed-1280.png");
});
