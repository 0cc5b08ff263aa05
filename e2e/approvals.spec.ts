import { type Browser, expect, type Page, test } from "@playwright/test";
import { formatWallClock, wallClockAt } from "@/lib/core/wall-clock";
import { db, disconnectDb } from "@/lib/db/client";
import { FACTORY_PASSWORD, makeBrand, makeMember, makeUser, makeWorkspace } from "@/prisma/factories";
import { jpeg } from "@/test/media/media-fixtures";
import { connectSandboxChannels, runId } from "./support/accounts";
import { readyMediaAsset } from "./support/ready-media";
import { keepScreenshot } from "./support/screenshots";

// A brand that requires approval, end to end: an editor composes and the composer says "Send for
// review" and who must approve; an approver requests changes with a comment; the editor reads it,
// edits, and sends it again; the approver approves the new version, and it is published at its
// minute on the sandbox channels.

const RUN = runId();
const ZONE = "Europe/Berlin";

let seed: { slug: string; brandId: string; brandName: string; editorEmail: string; approverEmail: string };

test.use({ timezoneId: ZONE, locale: "en-US", viewport: { width: 1280, height: 900 } });

test.beforeAll(async () => {
  const { workspace } = await makeWorkspace(db(), { name: `Review Agency ${RUN}` });
  const brand = await makeBrand(db(), workspace.id, {
    name: `Review Bakery ${RUN}`,
    timeZone: ZONE,
    approvalPolicy: "TEAM",
  });
  await connectSandboxChannels(brand.id);
  const editor = await makeUser(db(), { name: "Edie Editor", email: `editor-${RUN}@e2e.storyrelay.test` });
  const approver = await makeUser(db(), {
    name: "Abe Approver",
    email: `approver-${RUN}@e2e.storyrelay.test`,
  });
  const editorCtx = await makeMember(db(), workspace, "EDITOR", { userId: editor.id });
  await makeMember(db(), workspace, "APPROVER", { userId: approver.id });
  await readyMediaAsset(editorCtx, {
    bytes: jpeg({ width: 1080, height: 1920, seed: 7 }),
    originalName: `croissant-${RUN}.jpg`,
    brandId: brand.id,
  });
  seed = {
    slug: workspace.slug,
    brandId: brand.id,
    brandName: brand.name,
    editorEmail: editor.email,
    approverEmail: approver.email,
  };
});

test.afterAll(async () => {
  await disconnectDb();
});

async function signIn(browser: Browser, email: string): Promise<Page> {
  const page = await browser.newPage({
    timezoneId: ZONE,
    locale: "en-US",
    viewport: { width: 1280, height: 900 },
  });
  await page.goto("/sign-in");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(FACTORY_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/w\//);
  return page;
}

test("an editor sends a story for review, an approver sends it back, then approves the edit, and it publishes", async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const editor = await signIn(browser, seed.editorEmail);
  let storyUrl = "";

  await test.step("the composer says the story goes for review, and who must approve", async () => {
    await editor.goto(`/w/${seed.slug}/brands/${seed.brandId}/compose`);
    await expect(editor.getByRole("button", { name: "Schedule", exact: true })).toHaveCount(0);
    await expect(editor.getByTestId("review-hint")).toHaveText(
      `Approval required: an approver, an admin or an owner of ${seed.brandName} must approve it before it goes out. It is not published until then.`,
    );
    await editor.getByLabel("Title (optional)").fill(`Croissants ${RUN}`);
    await editor.getByRole("button", { name: new RegExp(`^Add croissant-${RUN}`) }).click();
    await keepScreenshot(editor, "approvals-composer.png");
    await editor.getByRole("button", { name: "Send for review", exact: true }).click();
    await expect(editor).toHaveURL(new RegExp(`/w/${seed.slug}/stories/[a-z0-9]+$`));
    storyUrl = new URL(editor.url()).pathname;
    await expect(editor.getByTestId("story-status")).toHaveText("In review");
    await expect(editor.getByTestId("story-review")).toContainText(
      `Waiting for an approver, an admin or an owner of ${seed.brandName} to approve version 1.`,
    );
  });

  const approver = await signIn(browser, seed.approverEmail);
  await test.step("the approver requests changes; an empty comment is refused beside the control", async () => {
    // The queue lists it with its frame; the story page is where the decision is made.
    await approver.goto(`/w/${seed.slug}/reviews`);
    const item = approver.getByTestId("review-item").filter({ hasText: `Croissants ${RUN}` });
    await expect(item).toContainText(`${seed.brandName} · version 1 · by Edie Editor`);
    await expect(item.getByRole("img", { name: `croissant-${RUN}.jpg` })).toBeVisible();
    await item.getByRole("link", { name: `Croissants ${RUN}` }).click();
    await expect(approver).toHaveURL(new RegExp(`${storyUrl}$`));
    const review = approver.getByTestId("story-review");
    await review.getByRole("button", { name: "Request changes" }).click();
    await expect(review.getByRole("alert")).toContainText("Say what should change");
    await review.getByLabel("Comment (required to request changes)").fill("Use a warmer photo, please.");
    await review.getByRole("button", { name: "Request changes" }).click();
    await expect(review.getByRole("status")).toHaveText(
      "Changes requested. The author sees your comment on this page.",
    );
    await expect(review.getByTestId("review-decision")).toContainText(
      "Changes requested by Abe Approver · version 1",
    );
    await expect(approver.getByTestId("story-status")).toHaveText("In review");
    await approver.goto(`/w/${seed.slug}/reviews`);
    await expect(approver.getByTestId("review-item").filter({ hasText: `Croissants ${RUN}` })).toHaveCount(0);
    await approver.goBack();
  });

  await test.step("the editor reads the comment, edits, and sends it a minute ahead", async () => {
    await editor.reload();
    await expect(editor.getByTestId("review-decision")).toContainText("Use a warmer photo, please.");
    await editor.getByRole("link", { name: "Edit", exact: true }).click();
    await editor.getByLabel("Title (optional)").fill(`Warm croissants ${RUN}`);
    const due = new Date(Math.ceil((Date.now() + 60_000) / 60_000) * 60_000);
    await editor.getByLabel(`Time (${ZONE})`).fill(formatWallClock(wallClockAt(due, ZONE)));
    await editor.getByRole("button", { name: "Send for review", exact: true }).click();
    await expect(editor).toHaveURL(new RegExp(`${storyUrl}$`));
    await expect(editor.getByTestId("story-status")).toHaveText("In review");
    await expect(editor.getByTestId("review-decision")).toContainText("version 1 (edited since)");
  });

  await test.step("approving the version opened before the edit is refused; the new one is approved", async () => {
    // The approver's page still shows version 1.
    const review = approver.getByTestId("story-review");
    await review.getByRole("button", { name: "Approve" }).click();
    await expect(review.getByRole("alert")).toHaveText(
      "This story changed since you opened it: review version 2.",
    );
    // Sent back, it had left the queue; edited, it is back, at its new version.
    await approver.goto(`/w/${seed.slug}/reviews`);
    const item = approver.getByTestId("review-item").filter({ hasText: `Warm croissants ${RUN}` });
    await expect(item).toContainText("version 2");
    await keepScreenshot(approver, "approvals-queue.png");
    await approver.setViewportSize({ width: 390, height: 844 });
    const queueOverflow = await approver.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(queueOverflow).toBeLessThanOrEqual(0);
    await keepScreenshot(approver, "approvals-queue-phone.png");
    await approver.setViewportSize({ width: 1280, height: 900 });
    await item.getByRole("link", { name: `Warm croissants ${RUN}` }).click();
    await expect(approver.getByRole("heading", { level: 1 })).toHaveText(`Warm croissants ${RUN}`);
    await keepScreenshot(approver, "approvals-review.png");
    await approver.setViewportSize({ width: 390, height: 844 });
    const overflow = await approver.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await keepScreenshot(approver, "approvals-review-phone.png");
    await approver.setViewportSize({ width: 1280, height: 900 });
    await approver.getByTestId("story-review").getByRole("button", { name: "Approve" }).click();
    await expect(approver.getByTestId("story-status")).not.toHaveText("In review");
    await expect(approver.getByTestId("review-decision").first()).toContainText(
      "Approved by Abe Approver · version 2",
    );
  });

  await test.step("at its minute it is published on every channel", async () => {
    const targets = approver.getByTestId("target");
    await expect(targets).toHaveCount(3);
    for (const target of await targets.all()) {
      await expect(target.getByTestId("target-state")).toHaveText("Published", { timeout: 150_000 });
    }
    await expect(approver.getByTestId("story-status")).toHaveText("Published");
    await keepScreenshot(approver, "approvals-published.png");
  });
});
