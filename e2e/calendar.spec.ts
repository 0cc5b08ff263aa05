import { type Browser, expect, type Page, test } from "@playwright/test";
import { formatNamedInstant } from "@/lib/core/instant-format";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db, disconnectDb } from "@/lib/db/client";
import type { Platform } from "@/lib/db/generated/enums";
import { env } from "@/lib/env";
import { createLogger } from "@/lib/logger";
import { createPublishQueues, type PublishQueues } from "@/lib/queue/publish-queues";
import { scheduleStory } from "@/lib/stories/schedule-story";
import type { WorkspaceContext } from "@/lib/workspaces/context";
import { makeBrand, makeMember, makeSandboxChannels, makeUser, makeWorkspace } from "@/prisma/factories";
import { jpeg } from "@/test/media/media-fixtures";
import { calendarCard as card, calendarDay as day, dragToDay, storyRow } from "./support/calendar";
import { sql } from "./support/database";
import { readyMediaAsset } from "./support/ready-media";
import { keepScreenshot } from "./support/screenshots";
import { signInAs } from "./support/sign-in";
import { stack } from "./support/stack";

// The calendar in a real browser: stories of a New York brand around the day its clocks spring
// forward (14 March 2027) and of a Berlin brand; month, week and list views; filters; a story's
// page; a mouse drag and a keyboard move to another day, checked in the database (the instant
// moves, the wall-clock time stays); a refused move that snaps back; a viewer who can neither see
// the controls nor use a forged request. Screenshots are kept under test-results/screenshots and
// attached to the report.

const RUN = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

type Seed = {
  slug: string;
  ownerEmail: string;
  viewerEmail: string;
  newYorkId: string;
  berlinId: string;
  stories: Record<"morning" | "spring" | "brezel" | "old" | "raced", string>;
};

let seed: Seed;
let queues: PublishQueues;

async function brandWithChannels(workspaceId: string, name: string, timeZone: string, platforms: Platform[]) {
  const brand = await makeBrand(db(), workspaceId, { name, timeZone });
  const channels = await makeSandboxChannels(db(), secretBoxFromEnv(env()), brand, platforms);
  return { brand, channelIds: channels.map((c) => c.id) };
}

async function schedule(
  ctx: WorkspaceContext,
  target: Awaited<ReturnType<typeof brandWithChannels>>,
  title: string,
  local: string,
) {
  // A real, processed file: calendar cells show the frame's thumbnail, which must load.
  const frame = await readyMediaAsset(ctx, {
    bytes: jpeg({ width: 1080, height: 1920 }),
    originalName: `${title}.jpg`,
    brandId: target.brand.id,
  });
  const story = await scheduleStory({ db: db(), queues, logger: createLogger("e2e", "silent") }, ctx, {
    brandId: target.brand.id,
    title,
    channelIds: target.channelIds,
    frames: [frame.id],
    when: { local },
  });
  return story.id;
}

test.beforeAll(async () => {
  // The workers consume this queue; these stories are due in 2027, long after the run.
  queues = createPublishQueues(stack.redisUrl);
  const owner = await makeUser(db(), { name: "Carla Calendar" });
  const { workspace, ctx } = await makeWorkspace(db(), { name: `Calendar Agency ${RUN}`, ownerId: owner.id });
  const newYork = await brandWithChannels(workspace.id, `Brooklyn Coffee ${RUN}`, "America/New_York", [
    "INSTAGRAM",
    "FACEBOOK",
  ]);
  const berlin = await brandWithChannels(workspace.id, `Berlin Bakery ${RUN}`, "Europe/Berlin", ["WHATSAPP"]);
  const stories = {
    morning: await schedule(ctx, newYork, "Morning menu", "2027-03-10T09:00"),
    spring: await schedule(ctx, newYork, "Night owls", "2027-03-12T02:30"),
    raced: await schedule(ctx, newYork, "Flash sale", "2027-03-11T12:00"),
    old: await schedule(ctx, newYork, "Roastery tour", "2027-03-05T10:00"),
    brezel: await schedule(ctx, berlin, "Brezel Friday", "2027-03-12T18:00"),
  };
  await db().story.update({ where: { id: stories.old }, data: { status: "PUBLISHED" } });
  const viewer = await makeUser(db(), { name: "Vera Viewer" });
  await makeMember(db(), workspace, "VIEWER", { userId: viewer.id });
  seed = {
    slug: workspace.slug,
    ownerEmail: owner.email,
    viewerEmail: viewer.email,
    newYorkId: newYork.brand.id,
    berlinId: berlin.brand.id,
    stories,
  };
});

test.afterAll(async () => {
  await queues?.close();
  await disconnectDb();
});

const signIn = (browser: Browser, email: string): Promise<Page> => signInAs(browser, email);

const calendarUrl = (params: Record<string, string>) =>
  `/w/${seed.slug}/calendar?${new URLSearchParams(params).toString()}`;

test("the calendar shows, filters and moves stories across a daylight-saving change", async ({ browser }) => {
  const page = await signIn(browser, seed.ownerEmail);
  // Hydration mismatches and failed client code show up as console errors.
  const consoleErrors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });

  await test.step("the month view shows each brand's stories on their local days, with a legend", async () => {
    await page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Calendar" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Calendar" })).toBeVisible();
    await page.goto(calendarUrl({ view: "month", date: "2027-03-01" }));
    await expect(page.getByRole("heading", { name: "March 2027" })).toBeVisible();
    await expect(day(page, "2027-03-10").getByRole("link", { name: "Morning menu" })).toBeVisible();
    await expect(day(page, "2027-03-12").getByRole("link", { name: "Brezel Friday" })).toBeVisible();
    await expect(card(page, seed.stories.brezel)).toContainText("18:00");
    await expect(card(page, seed.stories.brezel)).toContainText(`Berlin Bakery ${RUN}`);
    await expect(card(page, seed.stories.old)).toContainText("Published");
    // Each cell shows the story's first frame as a picture, not its file name.
    const thumbnail = card(page, seed.stories.brezel).getByRole("img", { name: "Brezel Friday.jpg" });
    await expect(thumbnail).toBeVisible();
    await expect
      .poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0))
      .toBe(true);
    await expect(page.getByRole("heading", { name: "Status colours" })).toBeVisible();
    await keepScreenshot(page, "calendar-month-all-brands.png");
  });

  await test.step("filters by brand, channel and status", async () => {
    const filters = page.getByRole("form", { name: "Calendar filters" });
    await filters.getByLabel("Brand").selectOption({ label: `Brooklyn Coffee ${RUN} (America/New_York)` });
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page.getByText("Days and times in Brooklyn Coffee")).toBeVisible();
    await expect(page.getByRole("link", { name: "Brezel Friday" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Morning menu" })).toBeVisible();

    await filters.getByLabel("Brand").selectOption({ label: "All brands" });
    await filters.getByLabel("Channel").selectOption({ label: "WhatsApp" });
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page.getByRole("link", { name: "Brezel Friday" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Morning menu" })).toHaveCount(0);

    await filters.getByLabel("Channel").selectOption({ label: "All channels" });
    await filters.getByLabel("Status").selectOption({ label: "Published" });
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page.getByTestId("calendar-story")).toHaveCount(1);
    await expect(page.getByRole("link", { name: "Roastery tour" })).toBeVisible();
    // A published story cannot be moved: no drag, no Move button.
    await expect(page.getByText("Move", { exact: true })).toHaveCount(0);
  });

  await test.step("week and list views", async () => {
    await page.goto(calendarUrl({ view: "week", date: "2027-03-10" }));
    await expect(page.getByRole("link", { name: "Week", exact: true })).toHaveAttribute(
      "aria-current",
      "page",
    );
    await expect(page.getByTestId("calendar-day")).toHaveCount(7);
    await expect(card(page, seed.stories.morning)).toContainText("Instagram · Facebook");
    await keepScreenshot(page, "calendar-week.png");
    await page.getByRole("link", { name: "List", exact: true }).click();
    await expect(page).toHaveURL(/view=list/);
    await expect(day(page, "2027-03-12").getByRole("link", { name: "Night owls" })).toBeVisible();
    await expect(day(page, "2027-03-09")).toContainText("No stories.");
    await keepScreenshot(page, "calendar-list.png");
  });

  await test.step("a story opens its page", async () => {
    await page.getByRole("link", { name: "Morning menu" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Morning menu" })).toBeVisible();
  });

  await test.step("dragging a story to a day after the clock change keeps 09:00 New York time", async () => {
    // Tall enough for the whole month: near the window's edge a drag scrolls the page.
    await page.setViewportSize({ width: 1280, height: 1200 });
    await page.goto(calendarUrl({ view: "month", date: "2027-03-01", brand: seed.newYorkId }));
    const before = await storyRow(seed.stories.morning);
    expect(before).toMatchObject({
      scheduledAt: "2027-03-10T14:00:00.000Z",
      scheduledLocal: "2027-03-10T09:00",
    });
    await dragToDay(page, card(page, seed.stories.morning), day(page, "2027-03-16"));
    await expect(page.getByTestId("calendar-notice")).toContainText("“Morning menu” moved to Tue 16 Mar");
    await expect(day(page, "2027-03-16").getByRole("link", { name: "Morning menu" })).toBeVisible();
    await expect(day(page, "2027-03-10").getByRole("link", { name: "Morning menu" })).toHaveCount(0);
    // Same wall clock, one hour less of UTC offset: 13:00Z instead of 14:00Z.
    expect(await storyRow(seed.stories.morning)).toMatchObject({
      scheduledAt: "2027-03-16T13:00:00.000Z",
      scheduledLocal: "2027-03-16T09:00",
      timeZone: "America/New_York",
      version: before.version + 1,
    });
    await keepScreenshot(page, "calendar-after-drag.png");
  });

  await test.step("moving with the keyboard onto the skipped hour follows the documented rule", async () => {
    const summary = page.getByLabel("Move “Night owls” to another date");
    await summary.focus();
    await page.keyboard.press("Enter");
    const input = page.getByLabel("New date for “Night owls”");
    await page.keyboard.press("Tab");
    await expect(input).toBeFocused();
    await input.fill("2027-03-14");
    await page.keyboard.press("Enter");
    await expect(page.getByTestId("calendar-notice")).toContainText("“Night owls” moved to Sun 14 Mar");
    await expect(page.getByTestId("calendar-notice")).toContainText(
      formatNamedInstant(new Date("2027-03-14T07:30:00Z"), "America/New_York"),
    );
    // 02:30 does not exist on 14 March 2027 in New York: forward by the hour-long gap.
    expect(await storyRow(seed.stories.spring)).toMatchObject({
      scheduledAt: "2027-03-14T07:30:00.000Z",
      scheduledLocal: "2027-03-14T03:30",
    });
    await expect(day(page, "2027-03-14").getByRole("link", { name: "Night owls" })).toBeVisible();
  });

  await test.step("a move the server refuses snaps back with the reason", async () => {
    // Someone else canceled it after this page was drawn.
    await sql(`UPDATE "Story" SET status = 'CANCELED', "canceledAt" = now() WHERE id = $1`, [
      seed.stories.raced,
    ]);
    const before = await storyRow(seed.stories.raced);
    await dragToDay(page, card(page, seed.stories.raced), day(page, "2027-03-18"));
    await expect(page.getByRole("alert").filter({ hasText: "was not moved" })).toContainText(
      "“Flash sale” was not moved: This story is canceled and can no longer be moved.",
    );
    await expect(day(page, "2027-03-11").getByRole("link", { name: "Flash sale" })).toBeVisible();
    await expect(day(page, "2027-03-18").getByRole("link", { name: "Flash sale" })).toHaveCount(0);
    expect(await storyRow(seed.stories.raced)).toEqual(before);
  });

  await test.step("at phone width the list view is readable and its stories reachable", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(calendarUrl({ view: "list", date: "2027-03-14" }));
    const link = day(page, "2027-03-14").getByRole("link", { name: "Night owls" });
    await expect(link).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await keepScreenshot(page, "calendar-list-phone.png");
    await page.goto(calendarUrl({ view: "month", date: "2027-03-01" }));
    await expect(day(page, "2027-03-16").getByRole("link", { name: "Morning menu" })).toBeAttached();
    await keepScreenshot(page, "calendar-month-phone.png");
  });

  await test.step("a viewer sees the calendar without controls, and a forged move is refused", async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(calendarUrl({ view: "month", date: "2027-03-01" }));
    // The owner's own "Move" form for Brezel Friday: its hidden fields name the server action.
    const form = page.locator(`form[data-move-story="${seed.stories.brezel}"]`);
    const hidden = await form
      .locator('input[type="hidden"]')
      .evaluateAll((inputs) =>
        inputs.map((input) => [(input as HTMLInputElement).name, (input as HTMLInputElement).value] as const),
      );
    expect(hidden.length).toBeGreaterThan(0);

    const viewerPage = await signIn(browser, seed.viewerEmail);
    await viewerPage.goto(calendarUrl({ view: "month", date: "2027-03-01" }));
    await expect(viewerPage.getByRole("link", { name: "Brezel Friday" })).toBeVisible();
    await expect(viewerPage.getByText("Move", { exact: true })).toHaveCount(0);
    await expect(viewerPage.getByText("Drag a story to another day")).toHaveCount(0);

    const before = await storyRow(seed.stories.brezel);
    const response = await viewerPage.request.post(`/w/${seed.slug}/calendar`, {
      headers: { Origin: stack.baseURL },
      multipart: { ...Object.fromEntries(hidden), date: "2027-03-20" },
    });
    expect(response.status()).toBeLessThan(500);
    expect(await storyRow(seed.stories.brezel)).toEqual(before);
    // The same request from the owner does move it: the refusal above was the viewer's role.
    const ownerResponse = await page.request.post(`/w/${seed.slug}/calendar`, {
      headers: { Origin: stack.baseURL },
      multipart: { ...Object.fromEntries(hidden), date: "2027-03-20" },
    });
    expect(ownerResponse.status()).toBeLessThan(500);
    await expect
      .poll(async () => (await storyRow(seed.stories.brezel)).scheduledLocal)
      .toBe("2027-03-20T18:00");
    await viewerPage.close();
  });

  expect(consoleErrors).toEqual([]);
});
