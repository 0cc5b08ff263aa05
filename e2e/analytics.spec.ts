import fs from "node:fs";
import { expect, type Page, test } from "@playwright/test";
import { dateInZone } from "@/lib/core/plain-date";

import { db, disconnectDb } from "@/lib/db/client";
import { insightStorySpecs, makeInsightHistory } from "@/prisma/factories";
import { connectSandboxChannels, newOwnerWithBrand, runId } from "./support/accounts";
import { keepScreenshot } from "./support/screenshots";

// Analytics in a real browser. A new owner signs up and makes a brand with its sandbox channels;
// six weeks of published stories with insights are made by makeInsightHistory (through
// recordInsightSnapshot, as the collector stores them), one of them a three-frame story whose
// second frame loses most viewers. Then: that story's analytics page (Instagram's numbers, growth
// chart, funnel with the worst drop marked; Facebook and WhatsApp saying why they have none), the
// brand report with its heatmap and recommendation, the composer's best slots filling the time,
// the workspace CSV (downloaded and read: a formula-like title is escaped), and the printable
// report (no app navigation; its controls hidden on paper). Screenshots at desktop and phone width.

const RUN = runId();
const owner = {
  name: "Ana Analyst",
  email: `analyst-${RUN}@e2e.storyrelay.test`,
  password: "a long enough passphrase",
  workspace: `Agency ${RUN}`,
};
const brandName = `Lisbon Bakery ${RUN}`;
const TIME_ZONE = "Europe/Lisbon";
const FUNNEL_TITLE = `Three-frame menu ${RUN}`;
const FORMULA_TITLE = `=HYPERLINK("http://evil.example") ${RUN}`;
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const HOUR = 3_600_000;

test.afterAll(async () => {
  await disconnectDb();
});

async function bothWidths(page: Page, name: string) {
  await page.setViewportSize(DESKTOP);
  await keepScreenshot(page, `analytics-${name}-desktop.png`);
  await page.setViewportSize(PHONE);
  await keepScreenshot(page, `analytics-${name}-phone.png`);
  await page.setViewportSize(DESKTOP);
}

test("a story's funnel, the brand report with its heatmap, best slots in the composer, the CSV and the printable report", async ({
  page,
}) => {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.setViewportSize(DESKTOP);
  const { slug, brandId } = await newOwnerWithBrand(page, owner, { name: brandName, timeZone: TIME_ZONE });
  const channels = await connectSandboxChannels(brandId);
  const brand = await db().brand.findUniqueOrThrow({ where: { id: brandId } });
  const now = new Date();
  const history = await makeInsightHistory(
    db(),
    brand,
    [
      {
        publishedAt: new Date(now.getTime() - 30 * HOUR),
        title: FUNNEL_TITLE,
        frames: 3,
        video: [2],
        reach: 5000,
        retention: 0.5,
      },
      { publishedAt: new Date(now.getTime() - 40 * HOUR), title: FORMULA_TITLE, reach: 700 },
      ...insightStorySpecs({ count: 45, days: 35, now, timeZone: TIME_ZONE, seed: 7 }),
    ],
    { now, channels: channels.map((c) => ({ id: c.id, platform: c.platform })) },
  );
  const funnelStory = history.stories[0];
  if (!funnelStory) throw new Error("no story made");

  // The story page links to its analytics.
  await page.goto(`/w/${slug}/stories/${funnelStory.id}`);
  await page.getByTestId("story-analytics-link").click();
  await expect(page.getByRole("heading", { level: 1, name: "Story analytics" })).toBeVisible();
  const instagram = page.locator('[data-testid="channel-insights"][data-platform="INSTAGRAM"]');
  await expect(instagram.getByTestId("metric-reach")).toContainText("5,000");
  await expect(instagram.getByTestId("insights-read")).toContainText("final");
  await expect(instagram.getByTestId("growth-chart")).toBeVisible();
  await expect(instagram.getByTestId("funnel-step")).toHaveCount(3);
  const worst = instagram.locator('[data-testid="funnel-step"][data-worst="true"]');
  await expect(worst).toHaveCount(1);
  await expect(worst).toContainText("Frame 2");
  await expect(worst).toContainText("50% dropped");
  for (const platform of ["FACEBOOK", "WHATSAPP"]) {
    const card = page.locator(`[data-testid="channel-insights"][data-platform="${platform}"]`);
    await expect(card.getByTestId("no-insights")).toBeVisible();
    await expect(card.getByTestId("metric-views")).toHaveCount(0);
  }
  await expect(page.getByTestId("sample-note")).toBeVisible();
  await bothWidths(page, "story");

  // The workspace nav leads to the overview, and on to the brand's report.
  await page.goto(`/w/${slug}`);
  await page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Analytics" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Analytics" })).toBeVisible();
  await expect(page.getByTestId("overview-brand")).toHaveCount(1);
  await bothWidths(page, "overview");

  // The CSV: one row per story and channel with numbers, a formula-like title made text.
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download CSV" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(
    /^storyrelay-analytics-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/,
  );
  const csv = fs.readFileSync(await download.path(), "utf8");
  const lines = csv.trim().split("\r\n");
  expect(lines[0]).toBe(
    "brand,story,channel,platform,published_at_utc,published_local,time_zone,frames,views,reach,replies,shares,follows,profile_visits,interactions,completion,final,too_few_viewers",
  );
  expect(lines.find((l) => l.includes(FUNNEL_TITLE))).toMatch(/,INSTAGRAM,.*,3,\d+,5000,/);
  const formulaRow = lines.find((l) => l.includes("HYPERLINK")) ?? "";
  expect(formulaRow).toContain(`"'=HYPERLINK(""http://evil.example"") ${RUN}"`);

  await page.getByTestId("overview-brand").getByRole("link", { name: brandName }).click();
  await expect(page.getByRole("heading", { level: 1, name: `${brandName}: analytics` })).toBeVisible();
  await expect(page.getByTestId("stat-reach")).not.toContainText("—");
  await expect(page.getByTestId("series-chart")).toBeVisible();
  await expect(page.getByTestId("top-stories").getByTestId("ranked-story").first()).toContainText(
    FUNNEL_TITLE,
  );
  await expect(page.getByTestId("by-platform")).toContainText("WhatsApp");
  await expect(page.getByTestId("heatmap")).toBeVisible();
  await expect(page.getByTestId("best-time-advice")).toContainText("Best hours so far");
  // A custom range that is not one says what to change.
  await page.getByLabel("Custom range").check();
  await page.getByLabel("From", { exact: true }).fill("2026-12-31");
  await page.getByLabel("To", { exact: true }).fill("2026-12-01");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page.getByTestId("period-problem")).toContainText("swap");
  await page.getByLabel("Last 30 days").check();
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page.getByTestId("period-problem")).toHaveCount(0);
  await bothWidths(page, "brand");

  // The composer offers the best upcoming times; choosing one fills the time field.
  await page.goto(`/w/${slug}/brands/${brandId}/compose`);
  const slots = page.getByTestId("best-slots").getByRole("button");
  await expect(slots.first()).toBeVisible();
  await slots.first().click();
  await expect(slots.first()).toHaveAttribute("aria-pressed", "true");
  const chosen = await page.getByLabel(/^Time \(/).inputValue();
  expect(chosen).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:00$/);
  await keepScreenshot(page.getByTestId("best-slots"), "analytics-composer-slots.png");

  // The printable report: no workspace navigation; on paper, no controls either.
  const month = dateInZone(now, TIME_ZONE).slice(0, 7);
  await page.goto(`/w/${slug}/brands/${brandId}/analytics`);
  await page.getByRole("link", { name: "Printable monthly report" }).click();
  await expect(page).toHaveURL(new RegExp(`/report/${slug}/${brandId}\\?month=${month}$`));
  await expect(page.getByTestId("report-title")).toContainText(brandName);
  await expect(page.getByRole("navigation", { name: "Workspace" })).toHaveCount(0);
  await expect(page.getByTestId("brand-summary")).toBeVisible();
  await bothWidths(page, "report");
  await page.emulateMedia({ media: "print" });
  await expect(page.getByTestId("report-controls")).toBeHidden();
  await keepScreenshot(page, "analytics-report-print.png");
  await page.emulateMedia({ media: "screen" });

  expect(errors).toEqual([]);
});
