import { readFile } from "node:fs/promises";
import { type Browser, expect, type Page, test } from "@playwright/test";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db, disconnectDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { createLogger } from "@/lib/logger";
import { createPublishQueues, type PublishQueues } from "@/lib/queue/publish-queues";
import { scheduleStory } from "@/lib/stories/schedule-story";
import {
  FACTORY_PASSWORD,
  makeBrand,
  makeSandboxChannels,
  makeUser,
  makeWorkspace,
} from "@/prisma/factories";
import { jpeg } from "@/test/media/media-fixtures";
import { readyMediaAsset } from "./support/ready-media";
import { keepScreenshot } from "./support/screenshots";
import { stack } from "./support/stack";

// Bulk planning in a real browser: a brand's plan downloads as CSV in the import format, a title
// that a spreadsheet would run as a formula escaped. (The Import page is not built yet.)

const RUN = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

let queues: PublishQueues;
let seed: { slug: string; email: string; brandId: string; brandName: string; mediaId: string };

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
  };
});

test.afterAll(async () => {
  await queues?.close();
  await disconnectDb();
});

async function signIn(browser: Browser, email: string): Promise<Page> {
  const page = await browser.newPage();
  await page.goto("/sign-in");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(FACTORY_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/w\//);
  return page;
}

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
