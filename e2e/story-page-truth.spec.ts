import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { db, disconnectDb } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import type { StoryStatus } from "@/lib/db/generated/enums";
import { prunePublishAttempts } from "@/lib/retention/prune-publish-attempts";
import { resolveWorkspaceContext } from "@/lib/workspaces/resolve-workspace-context";
import { jpeg } from "@/test/media/media-fixtures";
import { connectSandboxChannels, newOwnerWithBrand, runId } from "./support/accounts";
import { confirmDialog } from "./support/feedback";
import { readyMediaAsset } from "./support/ready-media";
import { keepScreenshot } from "./support/screenshots";
import { stack } from "./support/stack";

// The story page says only what is true (issue 11, items 2 and 4 to 7):
// - an empty draft says it has no frames, that its time is only planned, and that its channels
//   are not scheduled (not "Text only", "Scheduled for", "Waiting"); so does the brand's list;
// - a failed channel's frame reads as its channel (not "Preparing");
// - a channel published after a transient error shows no error, and the attempt log numbers its
//   entries 1, 2, … as many as the summary counts;
// - "View on the platform" of a sandbox channel leads to that account's phone on the simulators;
// - a channel whose older attempts the retention sweep removed (issue 17, decision 040) says how
//   many went and why, and still shows its last attempt.
// The first two are written the way the pipeline leaves them; the last runs the real pipeline.

const RUN = runId();
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

// The tests are independent (each signs up an owner of its own), so they run on several workers at once:
// one after another they made this file one of the run's longest.
test.describe.configure({ mode: "parallel" });

test.use({ locale: "en-US" });

test.afterAll(async () => {
  await disconnectDb();
});

function owner(tag: string) {
  return {
    name: "Tess Truth",
    email: `truth-${tag}-${RUN}@e2e.storyrelay.test`,
    password: "a long enough passphrase",
    workspace: `Truth Agency ${tag} ${RUN}`,
  };
}

/** An owner signed up with a Lisbon bakery, its sandbox channels and a ready portrait photo. */
async function bakeryOnInstagram(page: Page, tag: string, bakery: string) {
  const person = owner(tag);
  const { slug, brandId } = await newOwnerWithBrand(page, person, {
    name: `${bakery} Bakery ${RUN}`,
    timeZone: "Europe/Lisbon",
  });
  const channels = await connectSandboxChannels(brandId);
  const instagram = channels.find((c) => c.platform === "INSTAGRAM");
  if (!instagram) throw new Error("sandbox channels missing");
  const brand = await db().brand.findUniqueOrThrow({ where: { id: brandId } });
  const user = await db().user.findUniqueOrThrow({ where: { email: person.email } });
  const asset = await readyMediaAsset(await resolveWorkspaceContext(db(), user.id, slug), {
    bytes: jpeg({ width: 1080, height: 1920 }),
    originalName: "croissant.jpg",
    brandId,
  });
  return { slug, brandId, brand, instagram, asset };
}

/** A one-frame story of the bakery's photo with its Instagram target, as the pipeline left it. */
async function instagramStory(
  bakery: Awaited<ReturnType<typeof bakeryOnInstagram>>,
  story: { title: string; status: StoryStatus; scheduledAt: Date; publishedAt?: Date },
  target: Omit<Prisma.StoryTargetUncheckedCreateInput, "workspaceId" | "storyId" | "channelId">,
  targetFrame: Omit<
    Prisma.StoryTargetFrameUncheckedCreateInput,
    "workspaceId" | "targetId" | "frameId" | "position"
  >,
) {
  const workspaceId = bakery.brand.workspaceId;
  const created = await db().story.create({
    data: { workspaceId, brandId: bakery.brandId, timeZone: "Europe/Lisbon", ...story },
  });
  const frame = await db().storyFrame.create({
    data: { workspaceId, storyId: created.id, position: 0, mediaAssetId: bakery.asset.id },
  });
  const row = await db().storyTarget.create({
    data: { workspaceId, storyId: created.id, channelId: bakery.instagram.id, ...target },
  });
  await db().storyTargetFrame.create({
    data: { workspaceId, targetId: row.id, frameId: frame.id, position: 0, ...targetFrame },
  });
  return { story: created, target: row };
}

/** Both widths of the page as it is now, then back to desktop. */
async function keepBothWidths(page: Page, name: string) {
  await page.setViewportSize(DESKTOP);
  await keepScreenshot(page, `${name}-desktop.png`);
  await page.setViewportSize(PHONE);
  await keepScreenshot(page, `${name}-phone.png`);
  await page.setViewportSize(DESKTOP);
}

test("an empty draft says it has no frames and no schedule, on its page and in the brand's list", async ({
  page,
}) => {
  test.setTimeout(90_000);
  const { slug, brandId } = await newOwnerWithBrand(page, owner("draft"), {
    name: `Empty Bakery ${RUN}`,
    timeZone: "Europe/Lisbon",
  });
  const channels = await connectSandboxChannels(brandId);
  const brand = await db().brand.findUniqueOrThrow({ where: { id: brandId } });
  // As saveDraft leaves a draft saved with a planned time and channels but no frame yet.
  const story = await db().story.create({
    data: {
      workspaceId: brand.workspaceId,
      brandId,
      title: "",
      status: "DRAFT",
      scheduledAt: new Date("2099-03-01T09:00:00Z"),
      scheduledLocal: "2099-03-01T09:00",
      timeZone: "Europe/Lisbon",
    },
  });
  await db().storyTarget.createMany({
    data: channels.map((channel) => ({
      workspaceId: brand.workspaceId,
      storyId: story.id,
      channelId: channel.id,
    })),
  });

  await page.goto(`/w/${slug}/stories/${story.id}`);
  await expect(page.getByRole("heading", { level: 1, name: "Untitled story" })).toBeVisible();
  await expect(page.getByTestId("no-frames")).toHaveText(
    "No frames yet: this story has nothing to publish. Edit it to add an image, a video or a text status.",
  );
  await expect(page.getByText("Text only.")).toHaveCount(0);
  const time = page.getByTestId("story-time");
  // Lisbon reads as this browser's UTC in March: one time, no zone to name, the year because it
  // is not this one.
  await expect(time).toContainText(/Planned for Sun, Mar 1, 2099, 09:00\sAM/);
  await expect(time).toContainText("not scheduled yet");
  await expect(page.getByText("Scheduled for")).toHaveCount(0);
  await expect(page.getByTestId("target-state")).toHaveText([
    "Not scheduled",
    "Not scheduled",
    "Not scheduled",
  ]);
  await expect(page.getByTestId("target-state").getByText("Waiting")).toHaveCount(0);
  await keepBothWidths(page, "story-truth-empty-draft");

  await page.goto(`/w/${slug}/brands/${brandId}`);
  const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: "Untitled story" }) });
  await expect(row).toContainText("no frames yet");
  await expect(row).toContainText("(planned, not scheduled)");
  await expect(row.getByText("Not scheduled", { exact: true })).toHaveCount(3);
  await expect(row.getByText("Waiting", { exact: true })).toHaveCount(0);
  await expect(row.getByText("Text story")).toHaveCount(0);
  await keepBothWidths(page, "story-truth-brand-list");
});

test("a failed channel's frame reads Failed, not Preparing", async ({ page }) => {
  test.setTimeout(90_000);
  const bakery = await bakeryOnInstagram(page, "failed", "Refused");
  const { slug, brand, instagram } = bakery;
  const now = Date.now();
  // As the pipeline leaves a target whose container Instagram refused: the target FAILED, its
  // frame still at the step it reached (PREPARING, with the container's id).
  const { story, target } = await instagramStory(
    bakery,
    { title: "Refused croissant", status: "FAILED", scheduledAt: new Date(now - 10 * 60_000) },
    {
      state: "FAILED",
      attemptCount: 1,
      lastErrorClass: "INVALID_CONTENT",
      lastErrorCode: "36003/2207009",
      lastErrorMessage: "Instagram refused the picture's aspect ratio.",
    },
    { state: "PREPARING", externalContainerId: "17900000000000001" },
  );
  await db().publishAttempt.create({
    data: {
      workspaceId: brand.workspaceId,
      targetId: target.id,
      attemptNumber: 1,
      outcome: "FAILED",
      errorClass: "INVALID_CONTENT",
      errorCode: "36003/2207009",
      errorMessage: "Instagram refused the picture's aspect ratio.",
      startedAt: new Date(now - 9 * 60_000),
      finishedAt: new Date(now - 9 * 60_000),
    },
  });

  await page.goto(`/w/${slug}/stories/${story.id}`);
  const card = page.getByTestId("target").filter({ hasText: instagram.displayName });
  await expect(card.getByTestId("target-state")).toHaveText("Failed");
  await card.getByText("Details:").click();
  const frameRow = card.getByTestId("target-frame");
  await expect(frameRow).toContainText("Failed");
  await expect(frameRow).not.toContainText("Preparing");
  await expect(frameRow).toContainText("container: 17900000000000001");
  await keepBothWidths(page, "story-truth-failed-frame");
});

test("a channel whose older attempts the retention sweep removed says so and keeps its last attempt", async ({
  page,
}) => {
  test.setTimeout(90_000);
  const bakery = await bakeryOnInstagram(page, "pruned", "Old");
  const { slug, brand, instagram } = bakery;
  // Published 100 days ago after two retries, as the pipeline would have left it.
  const day = 86_400_000;
  const publishedAt = new Date(Date.now() - 100 * day);
  const { story, target } = await instagramStory(
    bakery,
    { title: "Croissant of last summer", status: "PUBLISHED", scheduledAt: publishedAt, publishedAt },
    { state: "PUBLISHED", publishedAt, attemptCount: 3 },
    { state: "PUBLISHED", externalMediaId: "17900000000000002", publishedAt },
  );
  for (const attemptNumber of [1, 2, 3]) {
    const at = new Date(publishedAt.getTime() - (3 - attemptNumber) * 60_000);
    await db().publishAttempt.create({
      data: {
        workspaceId: brand.workspaceId,
        targetId: target.id,
        attemptNumber,
        outcome: attemptNumber === 3 ? "SUCCEEDED" : "RETRY_SCHEDULED",
        errorMessage: attemptNumber === 3 ? null : "Instagram did not answer in time.",
        startedAt: at,
        finishedAt: at,
      },
    });
  }
  // The retention sweep's own pass (decision 040), limited to this workspace (the stack's workers
  // may get there first: either way only the last attempt is left).
  await prunePublishAttempts(
    { db: db() },
    {
      before: new Date(Date.now() - 90 * day),
      batchSize: 100,
      maxBatches: 10,
      workspaceId: brand.workspaceId,
    },
  );
  const left = await db().publishAttempt.findMany({
    where: { workspaceId: brand.workspaceId, targetId: target.id },
    select: { attemptNumber: true },
  });
  expect(left).toEqual([{ attemptNumber: 3 }]);

  await page.goto(`/w/${slug}/stories/${story.id}`);
  const card = page.getByTestId("target").filter({ hasText: instagram.displayName });
  await expect(card.getByTestId("target-state")).toHaveText("Published");
  // The summary counts the attempts made, not the rows kept.
  await expect(card.getByText("Details:")).toHaveText("Details: 1 frame, 3 attempts");
  await card.getByText("Details:").click();
  await expect(card.getByTestId("attempts-pruned")).toHaveText(
    "2 older attempts were removed after 90 days; the last attempt is kept as long as the story.",
  );
  const attempts = card.getByRole("list", { name: "Attempts, newest first" }).getByRole("listitem");
  await expect(attempts).toHaveCount(1);
  await expect(attempts.first()).toContainText("Attempt 3");
  await keepBothWidths(page, "story-truth-pruned-attempts");
});

function tempFile(name: string, bytes: Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "storyrelay-e2e-"));
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return file;
}

test("a channel published after a transient error shows no error, numbers its attempts and links to the sandbox phone", async ({
  page,
}) => {
  test.setTimeout(150_000);
  const { slug, brandId } = await newOwnerWithBrand(page, owner("published"), {
    name: `Recovered Bakery ${RUN}`,
    timeZone: "Europe/Lisbon",
  });
  const channels = await connectSandboxChannels(brandId);
  const facebook = channels.find((c) => c.platform === "FACEBOOK");
  if (!facebook) throw new Error("sandbox channels missing");
  const armed = await fetch(`${stack.simulatorUrl}/_sim/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      kind: "http_status",
      platform: "facebook",
      accountId: facebook.externalAccountId,
      operation: "photo_story",
      status: 500,
      count: 1,
    }),
  });
  expect(armed.ok, await armed.text()).toBe(true);

  await page.goto(`/w/${slug}/brands/${brandId}`);
  const form = page.locator("form").filter({ has: page.getByLabel("Images or videos") });
  await form.getByLabel("Title (optional)").fill("Recovered pastel");
  await form
    .getByLabel("Images or videos")
    .setInputFiles(tempFile("pastel.jpg", jpeg({ width: 1080, height: 1920 })));
  await form.getByRole("checkbox", { name: facebook.displayName }).check();
  await form.getByLabel("Publish now").check();
  await form.getByRole("button", { name: "Publish story" }).click();
  await confirmDialog(page, "Publish now");
  await expect(page).toHaveURL(/\/stories\/[a-z0-9]+$/);

  const card = page.getByTestId("target").filter({ hasText: facebook.displayName });
  await expect(card.getByTestId("target-state")).toHaveText("Published", { timeout: 60_000 });
  // The 500 before it is history: not on the card, but in the attempt log.
  await expect(card.getByTestId("target-error")).toHaveCount(0);
  await expect(card.getByText("Facebook had a temporary problem")).toBeHidden();
  await card.getByText("Details:").click();
  const summary = (await card.locator("summary").textContent()) ?? "";
  const counted = Number(/(\d+) attempts?/.exec(summary)?.[1]);
  expect(counted).toBeGreaterThanOrEqual(2);
  const entries = card.getByRole("list", { name: "Attempts, newest first" }).getByRole("listitem");
  await expect(entries).toHaveCount(counted);
  const labels = (await entries.allTextContents()).map((text) => /Attempt (\d+)/.exec(text)?.[1]);
  expect(labels).toEqual(Array.from({ length: counted }, (_, index) => String(counted - index)));
  await expect(entries.last()).toContainText("Facebook had a temporary problem");
  await expect(entries.first()).toContainText("Succeeded");

  // A sandbox story lives on the simulators: the link leads to that account's phone there.
  const link = card.getByTestId("view-on-platform");
  await expect(link).toHaveText("View on the sandbox phone");
  const href = (await link.getAttribute("href")) ?? "";
  expect(href).toBe(
    `${stack.simulatorUrl}/?platform=facebook&account=${encodeURIComponent(facebook.externalAccountId)}`,
  );
  expect(href).not.toContain("instagram.com");
  expect(href).not.toContain("facebook.com");
  const phone = await page.context().newPage();
  await phone.goto(href);
  await expect(phone.locator(".phone")).toHaveCount(1);
  await expect(phone.locator(".phone figure.story")).toHaveCount(1);
  await keepScreenshot(phone, "story-truth-sandbox-phone.png");
  await phone.close();
  await keepBothWidths(page, "story-truth-published-after-retry");
});
