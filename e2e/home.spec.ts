import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, type Locator, type Page, test } from "@playwright/test";
import { disconnectDb } from "@/lib/db/client";
import { jpeg } from "@/test/media/media-fixtures";
import { runId } from "./support/accounts";
import { sql } from "./support/database";
import { confirmDialog, notifications } from "./support/feedback";
import { keepScreenshot } from "./support/screenshots";
import { stack } from "./support/stack";

// A new user's first visit, entirely through the UI: sign up → the empty home walks them through
// three steps (create a brand → connect a sandbox channel → publish a first story), each ticked off
// as it is done → the story is PUBLISHED and the home lists it under "went out", with its frame's
// thumbnail. Then a second story fails on Instagram (a simulator fault): the home lists it as
// partly published, and its Retry works and says so. Screenshots at desktop (1280) and phone (390)
// width. Also: the app icon answers.

const RUN = runId();
const owner = {
  name: "Nina Newcomer",
  email: `newcomer-${RUN}@e2e.storyrelay.test`,
  password: "a long enough passphrase",
  workspace: `Corner Bakery ${RUN}`,
};
const brandName = `Corner Bakery Lisbon ${RUN}`;
const storyTitle = `Fresh pastéis ${RUN}`;
const failingTitle = `Bolo rei ${RUN}`;
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

test.afterAll(async () => {
  await disconnectDb();
});

function tempFile(name: string, bytes: Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "storyrelay-e2e-"));
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return file;
}

/** Uploads a picture on the brand page's form and publishes it now on every channel. */
async function publishNow(page: Page, title: string, fileName: string) {
  const form = page.locator("form").filter({ has: page.getByLabel("Images or videos") });
  await form.getByLabel("Title (optional)").fill(title);
  await form
    .getByLabel("Images or videos")
    .setInputFiles(tempFile(fileName, jpeg({ width: 1080, height: 1920 })));
  for (const box of await form.getByRole("checkbox").all()) await box.check();
  await form.getByLabel("Publish now").check();
  await form.getByRole("button", { name: "Publish story" }).click();
  await confirmDialog(page, "Publish now");
  await expect(page).toHaveURL(/\/stories\/[a-z0-9]+$/);
}

function step(page: Page, title: string): Locator {
  return page.getByTestId("first-step").filter({ hasText: title });
}

/** Both widths of the page as it is now, then back to desktop. */
async function keepBothWidths(page: Page, name: string) {
  await page.setViewportSize(DESKTOP);
  await keepScreenshot(page, `${name}-desktop.png`);
  await page.setViewportSize(PHONE);
  await keepScreenshot(page, `${name}-phone.png`);
  await page.setViewportSize(DESKTOP);
}

/** An <img> that the browser actually loaded (a signed URL that answered with a picture). */
async function expectLoadedImage(image: Locator) {
  await expect(image).toBeVisible();
  await expect
    .poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), {
      timeout: 10_000,
    })
    .toBe(true);
}

test("a new user is walked from an empty workspace to a first published story", async ({ page, request }) => {
  test.setTimeout(150_000);
  await page.setViewportSize(DESKTOP);
  let slug = "";

  await test.step("the app icon answers, and pages point to it", async () => {
    const favicon = await request.get("/favicon.ico");
    expect(favicon.status()).toBe(200);
    expect(favicon.headers()["content-type"]).toMatch(/image\/(x-icon|vnd\.microsoft\.icon)/);
    const icon = await request.get("/icon.svg");
    expect(icon.status()).toBe(200);
    expect(icon.headers()["content-type"]).toContain("image/svg+xml");
    await page.goto("/sign-up");
    await expect(page.locator('link[rel="icon"][href*="icon.svg"]')).toHaveCount(1);
  });

  await test.step("sign up: the empty home shows three steps, none done", async () => {
    await page.getByLabel("Your name").fill(owner.name);
    await page.getByLabel("E-mail").fill(owner.email);
    await page.getByLabel("Password", { exact: true }).fill(owner.password);
    await page.getByLabel("Workspace name").fill(owner.workspace);
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page).toHaveURL(/\/w\/[a-z0-9-]+$/);
    slug = new URL(page.url()).pathname.split("/")[2] ?? "";
    await expect(page.getByRole("heading", { level: 1, name: owner.workspace })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Get started in three steps" })).toBeVisible();
    await expect(page.getByTestId("first-step")).toHaveCount(3);
    for (const item of await page.getByTestId("first-step").all()) {
      await expect(item).toHaveAttribute("data-done", "false");
    }
    // Only the next step is a link; the later ones cannot be done yet.
    await expect(step(page, "Create a brand").getByRole("link")).toBeVisible();
    await expect(step(page, "Connect its channels").getByRole("link")).toHaveCount(0);
    // Nothing to compose for yet, so no "New story".
    await expect(page.getByRole("link", { name: "New story" })).toHaveCount(0);
    await keepBothWidths(page, "home-empty");
  });

  await test.step("step 1: create a brand from the step's link", async () => {
    await step(page, "Create a brand").getByRole("link", { name: "Create a brand" }).click();
    await expect(page).toHaveURL(new RegExp(`/w/${slug}/brands#new-brand$`));
    await page.getByLabel("Brand name").fill(brandName);
    await page.getByLabel("Time zone").fill("Europe/Lisbon");
    await page.getByRole("button", { name: "Create brand" }).click();
    await expect(page.getByRole("heading", { level: 1, name: brandName })).toBeVisible();

    await page.getByRole("link", { name: "StoryRelay", exact: true }).click();
    await expect(step(page, "Create a brand")).toHaveAttribute("data-done", "true");
    await expect(step(page, "Create a brand")).toContainText("done");
    await expect(step(page, "Connect its channels")).toHaveAttribute("data-done", "false");
    await expect(step(page, "Connect its channels")).toHaveAttribute("aria-current", "step");
  });

  await test.step("step 2: connect a sandbox channel on the brand page", async () => {
    await step(page, "Connect its channels").getByRole("link").click();
    await expect(page.getByRole("heading", { level: 1, name: brandName })).toBeVisible();
    await page.getByRole("button", { name: "Add Instagram sandbox" }).click();
    await expect(page.getByRole("main").getByRole("status")).toContainText(
      `Added ${brandName} · Instagram Story (sandbox)`,
    );
    // Offered once per platform: the button goes once the channel is there.
    await expect(page.getByRole("button", { name: "Add Instagram sandbox" })).toHaveCount(0);
    await page.getByRole("button", { name: "Add Facebook sandbox" }).click();
    await expect(page.getByRole("main").getByRole("status")).toContainText("Facebook Story (sandbox)");

    await page.getByRole("link", { name: "StoryRelay", exact: true }).click();
    await expect(step(page, "Connect its channels")).toHaveAttribute("data-done", "true");
    await expect(step(page, "Plan your first story")).toHaveAttribute("aria-current", "step");
    await expect(page.getByRole("link", { name: "New story" }).first()).toBeVisible();
    await keepBothWidths(page, "home-two-steps-done");
  });

  await test.step("step 3: upload a picture and publish it now", async () => {
    await step(page, "Plan your first story").getByRole("link").click();
    await expect(page).toHaveURL(/#schedule$/);
    await publishNow(page, storyTitle, `pasteis-${RUN}.jpg`);
    for (const target of await page.getByTestId("target").all()) {
      await expect(target.getByTestId("target-state")).toHaveText("Published", { timeout: 60_000 });
    }
    await expect(page.getByTestId("story-status")).toHaveText("Published");
    // The story page shows the frame as a picture, named by its file only in the alt text.
    const frame = page.getByTestId("story-frame");
    await expect(frame).toHaveCount(1);
    await expectLoadedImage(frame.getByRole("img", { name: `pasteis-${RUN}.jpg` }));
    await expect(frame).not.toContainText(".jpg");
    await keepBothWidths(page, "home-first-story-page");
  });

  await test.step("the home no longer shows the steps and lists the story under went out", async () => {
    await page.getByRole("link", { name: "StoryRelay", exact: true }).click();
    await expect(page.getByTestId("first-steps")).toHaveCount(0);
    const wentOut = page.getByTestId("home-recent");
    await expect(wentOut.getByRole("heading", { name: "Went out in the last 24 hours (1)" })).toBeVisible();
    const row = wentOut.getByTestId("home-story").filter({ hasText: storyTitle });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText("Published");
    await expect(row).toContainText(brandName);
    await expect(row).toContainText("went out");
    await expectLoadedImage(row.getByRole("img", { name: `pasteis-${RUN}.jpg` }));
    await expect(page.getByTestId("home-failing")).toContainText("Nothing failed in the last 7 days.");
    await expect(page.getByTestId("home-upcoming")).toContainText(
      "Nothing is scheduled for the next 24 hours.",
    );
    await expect(page.getByRole("link", { name: "New story" }).first()).toBeVisible();
    await keepBothWidths(page, "home-went-out");

    await row.getByRole("link", { name: storyTitle }).click();
    await expect(page.getByRole("heading", { level: 1, name: storyTitle })).toBeVisible();
  });

  await test.step("a story refused by Instagram is listed as partly published; Retry works", async () => {
    const [instagram] = await sql<{ externalAccountId: string }>(
      `SELECT "externalAccountId" FROM "Channel" c JOIN "Brand" b ON b.id = c."brandId"
       WHERE b.name = $1 AND c.platform = 'INSTAGRAM'`,
      [brandName],
    );
    // Instagram refuses the next container of this account only: the retry goes through.
    const armed = await fetch(`${stack.simulatorUrl}/_sim/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        kind: "error",
        platform: "instagram",
        accountId: instagram?.externalAccountId,
        operation: "create_container",
        code: 100,
        message: "The picture was refused by the sandbox.",
        count: 1,
      }),
    });
    expect(armed.ok, await armed.text()).toBe(true);

    await page.getByRole("link", { name: brandName }).first().click();
    await publishNow(page, failingTitle, `bolo-${RUN}.jpg`);
    await expect(page.getByTestId("story-status")).toHaveText("Partly published", { timeout: 60_000 });

    await page.getByRole("link", { name: "StoryRelay", exact: true }).click();
    const failing = page.getByTestId("home-failing");
    await expect(failing.getByRole("heading", { name: "Failed or partly published (1)" })).toBeVisible();
    const row = failing.getByTestId("home-story").filter({ hasText: failingTitle });
    await expect(row).toContainText("Partly published");
    await expect(row).toContainText("The picture was refused by the sandbox.");
    await expectLoadedImage(row.getByRole("img", { name: `bolo-${RUN}.jpg` }));
    await keepBothWidths(page, "home-failing");

    await row.getByRole("button", { name: /^Retry .*Instagram Story \(sandbox\)$/ }).click();
    // The story is no longer failing, so its row leaves the list; the answer stays in the
    // notification region.
    const notice = notifications(page).getByTestId("toast").filter({ hasText: failingTitle });
    await expect(notice).toContainText(`“${failingTitle}” on`);
    await expect(notice).toContainText("Trying again now.");
    await expect(row).toHaveCount(0);
    // Hovering keeps the toast up while it is photographed and its link is followed.
    await notice.hover();
    await keepBothWidths(page, "home-retried");
    await notice.getByRole("link", { name: "Follow it on the story page" }).click();
    await expect(page.getByTestId("story-status")).toHaveText("Published", { timeout: 60_000 });

    await page.getByRole("link", { name: "StoryRelay", exact: true }).click();
    await expect(page.getByTestId("home-failing")).toContainText("Nothing failed in the last 7 days.");
    await expect(
      page.getByTestId("home-recent").getByTestId("home-story").filter({ hasText: failingTitle }),
    ).toContainText("Published");
  });
});
