import { type Browser, expect, type Page, test } from "@playwright/test";
import { formatWallClock, wallClockAt } from "@/lib/core/wall-clock";
import { db, disconnectDb } from "@/lib/db/client";
import { createLogger } from "@/lib/logger";
import { createPublishQueues, type PublishQueues } from "@/lib/queue/publish-queues";
import { approveStory } from "@/lib/stories/approve-story";
import { scheduleStory } from "@/lib/stories/schedule-story";
import { updateStory } from "@/lib/stories/update-story";
import type { WorkspaceContext } from "@/lib/workspaces/context";
import { makeBrand, makeMember, makeUser, makeWorkspace } from "@/prisma/factories";
import { jpeg } from "@/test/media/media-fixtures";
import { connectSandboxChannels, runId } from "./support/accounts";
import { readyMediaAsset } from "./support/ready-media";
import { keepScreenshot } from "./support/screenshots";
import { signInAs } from "./support/sign-in";
import { stack } from "./support/stack";

// A brand that requires approval, end to end: an editor composes and the composer says "Send for
// review" and who must approve; an approver requests changes with a comment; the editor reads it,
// edits, and sends it again; the approver approves the new version, and it is published at its
// minute on the sandbox channels.

const RUN = runId();
const ZONE = "Europe/Berlin";

let seed: {
  slug: string;
  brandId: string;
  brandName: string;
  editorEmail: string;
  approverEmail: string;
  ownerEmail: string;
  mediaId: string;
  channelIds: string[];
  policyBrandId: string;
  policyBrandName: string;
  policyMediaId: string;
  policyChannelIds: string[];
  owner: WorkspaceContext;
  editor: WorkspaceContext;
  approver: WorkspaceContext;
};
let queues: PublishQueues;

test.use({ timezoneId: ZONE, locale: "en-US", viewport: { width: 1280, height: 900 } });

test.beforeAll(async () => {
  // The workers consume this queue: what the tests approve here is dispatched like any story.
  queues = createPublishQueues(stack.redisUrl);
  const ownerUser = await makeUser(db(), { name: "Olga Owner", email: `owner-${RUN}@e2e.storyrelay.test` });
  const { workspace, ctx: ownerCtx } = await makeWorkspace(db(), {
    name: `Review Agency ${RUN}`,
    ownerId: ownerUser.id,
  });
  const brand = await makeBrand(db(), workspace.id, {
    name: `Review Bakery ${RUN}`,
    timeZone: ZONE,
    approvalPolicy: "TEAM",
  });
  const channels = await connectSandboxChannels(brand.id);
  const editor = await makeUser(db(), { name: "Edie Editor", email: `editor-${RUN}@e2e.storyrelay.test` });
  const approver = await makeUser(db(), {
    name: "Abe Approver",
    email: `approver-${RUN}@e2e.storyrelay.test`,
  });
  const editorCtx = await makeMember(db(), workspace, "EDITOR", { userId: editor.id });
  const approverCtx = await makeMember(db(), workspace, "APPROVER", { userId: approver.id });
  const media = await readyMediaAsset(editorCtx, {
    bytes: jpeg({ width: 1080, height: 1920, seed: 7 }),
    originalName: `croissant-${RUN}.jpg`,
    brandId: brand.id,
  });
  // A second brand for the policy choice, starting at plain team approval.
  const studio = await makeBrand(db(), workspace.id, {
    name: `Policy Studio ${RUN}`,
    timeZone: ZONE,
    approvalPolicy: "TEAM",
  });
  const studioChannels = await connectSandboxChannels(studio.id);
  const studioMedia = await readyMediaAsset(ownerCtx, {
    bytes: jpeg({ width: 1080, height: 1920, seed: 8 }),
    originalName: `studio-${RUN}.jpg`,
    brandId: studio.id,
  });
  seed = {
    slug: workspace.slug,
    brandId: brand.id,
    brandName: brand.name,
    editorEmail: editor.email,
    approverEmail: approver.email,
    ownerEmail: ownerUser.email,
    mediaId: media.id,
    channelIds: channels.map((c) => c.id),
    policyBrandId: studio.id,
    policyBrandName: studio.name,
    policyMediaId: studioMedia.id,
    policyChannelIds: studioChannels.map((c) => c.id),
    owner: ownerCtx,
    editor: editorCtx,
    approver: approverCtx,
  };
});

test.afterAll(async () => {
  await queues.close();
  await disconnectDb();
});

// The first sign-in after the server starts can be slow on a busy machine.
const signIn = (browser: Browser, email: string): Promise<Page> =>
  signInAs(browser, email, {
    page: { timezoneId: ZONE, locale: "en-US", viewport: { width: 1280, height: 900 } },
    urlTimeoutMs: 30_000,
  });

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
      `Send for review: an approver, an admin or an owner of ${seed.brandName} must approve it before it goes out. It is not published until then.`,
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

/** A wall-clock time `days` ahead in the brands' zone, at 09:00 and `minute`. */
const daysAhead = (days: number, minute = 0) => {
  const at = new Date(Date.now() + days * 86_400_000);
  return `${formatWallClock(wallClockAt(at, ZONE)).slice(0, 10)}T09:${String(minute).padStart(2, "0")}`;
};
const deps = () => ({ db: db(), queues, logger: createLogger("e2e", "silent") });

test("the brand's policy, the author's own approval refused, what changed since approval, overdue, bulk approve", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const owner = await signIn(browser, seed.ownerEmail);

  await test.step("the owner picks who approves the brand's stories", async () => {
    await owner.goto(`/w/${seed.slug}/brands/${seed.policyBrandId}`);
    const policy = owner.getByTestId("approval-policy");
    await expect(policy.getByLabel("Team approval: an approver, admin or owner")).toBeChecked();
    await policy.getByLabel("Team approval by someone other than the author").check();
    await keepScreenshot(owner, "approvals-policy.png");
    await owner.getByRole("button", { name: "Save brand" }).click();
    await expect(owner.getByRole("status").filter({ hasText: "Brand saved." }).first()).toBeVisible();
    await expect(owner.getByText("team approval, not by the author")).toBeVisible();
    await owner.setViewportSize({ width: 390, height: 844 });
    expect(
      await owner.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0);
    await keepScreenshot(owner, "approvals-policy-phone.png");
    await owner.setViewportSize({ width: 1280, height: 900 });
    const brand = await db().brand.findUniqueOrThrow({ where: { id: seed.policyBrandId } });
    expect(brand.approvalPolicy).toBe("TEAM_NOT_AUTHOR");
  });

  const title = `Studio opening ${RUN}`;
  const story = await scheduleStory(deps(), seed.owner, {
    brandId: seed.policyBrandId,
    title,
    channelIds: seed.policyChannelIds,
    frames: [seed.policyMediaId],
    when: { local: daysAhead(20) },
  });
  await test.step("the composer names who must approve; the author cannot approve their own story", async () => {
    await owner.goto(`/w/${seed.slug}/brands/${seed.policyBrandId}/compose`);
    await expect(owner.getByTestId("review-hint")).toContainText(
      `an approver, an admin or an owner of ${seed.policyBrandName} other than you must approve it`,
    );
    await owner.goto(`/w/${seed.slug}/stories/${story.id}`);
    const review = owner.getByTestId("story-review");
    await expect(review.getByTestId("review-waiting")).toContainText(
      `You wrote this story, and ${seed.policyBrandName} needs its approval from someone else`,
    );
    await expect(review.getByRole("button", { name: "Approve" })).toHaveCount(0);
  });

  const approver = await signIn(browser, seed.approverEmail);
  await test.step("edited after approval, the reviewer sees what changed since the version they approved", async () => {
    await approveStory(deps(), seed.approver, story.id, { version: story.version });
    const edited = await updateStory(deps(), seed.owner, story.id, {
      title: `Studio grand opening ${RUN}`,
      channelIds: seed.policyChannelIds,
      frames: [seed.policyMediaId],
      when: { local: daysAhead(21) },
    });
    expect(edited.status).toBe("IN_REVIEW");
    await approver.goto(`/w/${seed.slug}/reviews`);
    const item = approver.getByTestId("review-item").filter({ hasText: `Studio grand opening ${RUN}` });
    await expect(item.getByTestId("review-item-changes")).toContainText(
      "Changed since you approved version 1:",
    );
    await item.getByRole("link", { name: `Studio grand opening ${RUN}` }).click();
    const changes = approver.getByTestId("review-changes");
    await expect(changes).toContainText("What changed since you approved version 1:");
    await expect(changes).toContainText(`Title: “${title}” → “Studio grand opening ${RUN}”.`);
    await expect(changes).toContainText("Time:");
    await keepScreenshot(approver, "approvals-changes.png");
    await approver.setViewportSize({ width: 390, height: 844 });
    expect(
      await approver.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0);
    await keepScreenshot(approver, "approvals-changes-phone.png");
    await approver.setViewportSize({ width: 1280, height: 900 });
  });

  await test.step("still in review at its time: marked overdue by the sweep, reviewers told, shown everywhere", async () => {
    const late = await scheduleStory(deps(), seed.editor, {
      brandId: seed.brandId,
      title: `Late bagels ${RUN}`,
      channelIds: seed.channelIds,
      frames: [seed.mediaId],
      when: { local: daysAhead(3) },
    });
    const due = new Date(Date.now() - 60_000);
    await db().story.update({
      where: { id: late.id },
      data: { scheduledAt: due, freshnessDeadline: new Date(due.getTime() + 2 * 3_600_000) },
    });
    await expect
      .poll(async () => (await db().story.findUniqueOrThrow({ where: { id: late.id } })).reviewOverdueAt, {
        timeout: 30_000,
      })
      .not.toBeNull();
    await expect
      .poll(() =>
        db().notification.count({
          where: {
            kind: "story.approval_overdue",
            userId: seed.approver.userId ?? "",
            link: { endsWith: late.id },
          },
        }),
      )
      .toBe(1);
    await approver.goto(`/w/${seed.slug}/reviews`);
    const item = approver.getByTestId("review-item").filter({ hasText: `Late bagels ${RUN}` });
    await expect(item.getByTestId("review-item-overdue")).toContainText("Overdue: needed approval by");
    await approver.goto(`/w/${seed.slug}/calendar`);
    const chip = approver.getByTestId("calendar-story").filter({ hasText: `Late bagels ${RUN}` });
    await expect(chip.getByTestId("calendar-overdue")).toContainText("Overdue: needed approval by");
    await keepScreenshot(approver, "approvals-overdue-calendar.png");
    await approver.goto(`/w/${seed.slug}/stories/${late.id}`);
    await expect(approver.getByTestId("review-overdue")).toContainText("Overdue: needed approval by");
    await keepScreenshot(approver, "approvals-overdue.png");
    await approver.setViewportSize({ width: 390, height: 844 });
    expect(
      await approver.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0);
    await keepScreenshot(approver, "approvals-overdue-phone.png");
    await approver.setViewportSize({ width: 1280, height: 900 });
    const review = approver.getByTestId("story-review");
    await review.getByRole("button", { name: "Approve" }).click();
    // Within its freshness deadline: it goes out at once, and it is no longer overdue.
    await expect(approver.getByTestId("story-status")).not.toHaveText("In review");
    await expect(approver.getByTestId("review-overdue")).toHaveCount(0);
    expect((await db().story.findUniqueOrThrow({ where: { id: late.id } })).reviewOverdueAt).toBeNull();
  });

  await test.step("bulk approve: each row at its version; a stale row is refused on its row, the others approved", async () => {
    const titles = [`Bulk one ${RUN}`, `Bulk two ${RUN}`, `Bulk stale ${RUN}`];
    const ids: string[] = [];
    for (const [i, bulkTitle] of titles.entries()) {
      const bulk = await scheduleStory(deps(), seed.editor, {
        brandId: seed.brandId,
        title: bulkTitle,
        channelIds: seed.channelIds,
        frames: [seed.mediaId],
        when: { local: daysAhead(10, i) },
      });
      ids.push(bulk.id);
    }
    await approver.goto(`/w/${seed.slug}/reviews`);
    const row = (t: string) => approver.getByTestId("review-item").filter({ hasText: t });
    for (const t of titles) await row(t).getByRole("checkbox").check();
    // Edited by its author after the queue was opened: the row's version is stale.
    await db().story.update({ where: { id: ids[2] ?? "" }, data: { version: { increment: 1 } } });
    await approver.getByRole("button", { name: "Approve selected" }).click();
    await expect(approver.getByRole("alert").filter({ hasText: "Approved 2 of 3" }).first()).toBeVisible();
    await expect(row(titles[0] ?? "").getByTestId("review-item-result")).toHaveText(
      "Approved: it goes out at its time.",
    );
    await expect(row(titles[1] ?? "").getByTestId("review-item-result")).toHaveText(
      "Approved: it goes out at its time.",
    );
    await expect(row(titles[2] ?? "").getByTestId("review-item-result")).toHaveText(
      "This story changed since you opened it: review version 2.",
    );
    await keepScreenshot(approver, "approvals-bulk.png");
    await approver.setViewportSize({ width: 390, height: 844 });
    expect(
      await approver.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0);
    await keepScreenshot(approver, "approvals-bulk-phone.png");
    const statuses = await db().story.findMany({
      where: { id: { in: ids } },
      select: { id: true, status: true },
    });
    expect(new Map(statuses.map((s) => [s.id, s.status]))).toEqual(
      new Map([
        [ids[0], "SCHEDULED"],
        [ids[1], "SCHEDULED"],
        [ids[2], "IN_REVIEW"],
      ]),
    );
  });
});

test("a long review queue: a page at a time with how many wait; a brand-limited reviewer pages through theirs", async ({
  browser,
}) => {
  // A workspace of its own, so the count is exactly what this test made.
  const owner = await makeUser(db(), {
    name: "Quinn Queue",
    email: `queue-owner-${RUN}@e2e.storyrelay.test`,
  });
  const { workspace } = await makeWorkspace(db(), { name: `Queue Agency ${RUN}`, ownerId: owner.id });
  const [big, small] = await Promise.all([
    makeBrand(db(), workspace.id, { name: `Queue Big ${RUN}`, timeZone: ZONE, approvalPolicy: "TEAM" }),
    makeBrand(db(), workspace.id, { name: `Queue Small ${RUN}`, timeZone: ZONE, approvalPolicy: "TEAM" }),
  ]);
  const limited = await makeUser(db(), {
    name: "Lena Limited",
    email: `queue-limited-${RUN}@e2e.storyrelay.test`,
  });
  await makeMember(db(), workspace, "APPROVER", { userId: limited.id, brandIds: [small.id] });
  const first = Date.now() + 86_400_000;
  await db().story.createMany({
    data: Array.from({ length: 58 }, (_, n) => {
      const scheduledAt = new Date(first + n * 60_000);
      const brand = n < 55 ? big : small;
      return {
        workspaceId: workspace.id,
        brandId: brand.id,
        title: `Queued ${String(n).padStart(2, "0")} ${RUN}`,
        status: "IN_REVIEW" as const,
        scheduledAt,
        scheduledLocal: formatWallClock(wallClockAt(scheduledAt, ZONE)),
        timeZone: ZONE,
      };
    }),
  });

  const page = await signIn(browser, owner.email);
  await page.goto(`/w/${workspace.slug}/reviews`);
  await expect(page.getByTestId("reviews-total")).toHaveText("58 stories wait for you.");
  await expect(page.getByTestId("review-item")).toHaveCount(50);
  await expect(page.getByTestId("review-item").first()).toContainText(`Queued 00 ${RUN}`);
  await page.getByTestId("reviews-next-page").click();
  await expect(page.getByTestId("review-item")).toHaveCount(8);
  await expect(page.getByTestId("review-item").first()).toContainText(`Queued 50 ${RUN}`);
  await expect(page.getByTestId("reviews-total")).toHaveText(
    "58 stories wait for you (this page continues the queue).",
  );
  await expect(page.getByTestId("reviews-next-page")).toHaveCount(0);
  await page.setViewportSize({ width: 390, height: 844 });
  await keepScreenshot(page, "approvals-queue-page-2-phone.png");
  await page.getByTestId("reviews-first-page").click();
  await expect(page.getByTestId("review-item")).toHaveCount(50);
  // A made-up cursor is refused with the way back, not an error page.
  await page.goto(`/w/${workspace.slug}/reviews?after=not-a-cursor`);
  await expect(page.getByText("This page link is not valid.")).toBeVisible();
  await page.getByRole("link", { name: "Open the queue from the start" }).click();
  await expect(page.getByTestId("review-item")).toHaveCount(50);
  await page.close();

  const theirs = await signIn(browser, limited.email);
  await theirs.goto(`/w/${workspace.slug}/reviews`);
  await expect(theirs.getByTestId("reviews-total")).toHaveText("3 stories wait for you.");
  await expect(theirs.getByTestId("review-item")).toHaveText([
    new RegExp(`Queued 55 ${RUN}`),
    new RegExp(`Queued 56 ${RUN}`),
    new RegExp(`Queued 57 ${RUN}`),
  ]);
  await expect(theirs.getByTestId("reviews-next-page")).toHaveCount(0);
  await theirs.close();
});
