import { type Browser, expect, type Page, test } from "@playwright/test";
import { formatWallClock, wallClockAt } from "@/lib/core/wall-clock";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db, disconnectDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { saveChatWebhook } from "@/lib/notifications/save-chat-webhook";
import { makeBrand, makeMember, makeUser, makeWorkspace } from "@/prisma/factories";
import { jpeg } from "@/test/media/media-fixtures";
import { connectSandboxChannels, runId } from "./support/accounts";
import { type ChatReceiver, startChatReceiver } from "./support/chat-receiver";
import { mailSink } from "./support/mail-sink";
import { readyMediaAsset } from "./support/ready-media";
import { keepScreenshot } from "./support/screenshots";
import { signInAs } from "./support/sign-in";

// The agency's day, end to end (issue 13): an editor imports a CSV of 20 stories for a client brand
// whose stories need the team's and the client's approval (3 bad rows reported first, fixed,
// re-imported); the team's approver approves them all in the review queue; the editor sends a
// review link; the client, with no account, approves 17, asks for changes on 2 with comments and
// leaves 1; the editor fixes the 2 and they return to review; the 17 publish at their minute; the
// one left is overdue, not published, and its reviewer is told on the bell, by e-mail (the stack's
// SMTP sink) and in the workspace's chat (a local Slack-compatible receiver).

const RUN = runId();
const ZONE = "Europe/Berlin";
const COUNT = 20;
const CHANGES = [17, 18];
const LEFT = 19;

type Seed = {
  slug: string;
  brandId: string;
  brandName: string;
  editorEmail: string;
  approverEmail: string;
  approverId: string;
  mediaId: string;
  channelIds: string[];
};

let seed: Seed;
let receiver: ChatReceiver;

test.use({ timezoneId: ZONE, locale: "en-GB", viewport: { width: 1280, height: 900 } });

test.beforeAll(async () => {
  receiver = await startChatReceiver();
  const owner = await makeUser(db(), { name: "Olga Owner" });
  const { workspace, ctx } = await makeWorkspace(db(), { name: `Agency ${RUN}`, ownerId: owner.id });
  const brand = await makeBrand(db(), workspace.id, {
    name: `Client Patisserie ${RUN}`,
    timeZone: ZONE,
    approvalPolicy: "TEAM_AND_CLIENT",
  });
  const channels = await connectSandboxChannels(brand.id);
  const editor = await makeUser(db(), {
    name: "Edda Editor",
    email: `journey-editor-${RUN}@e2e.storyrelay.test`,
  });
  const approver = await makeUser(db(), {
    name: "Arne Approver",
    email: `journey-approver-${RUN}@e2e.storyrelay.test`,
  });
  const editorCtx = await makeMember(db(), workspace, "EDITOR", { userId: editor.id });
  await makeMember(db(), workspace, "APPROVER", { userId: approver.id });
  const frame = await readyMediaAsset(editorCtx, {
    bytes: jpeg({ width: 1080, height: 1920, seed: 7 }),
    originalName: "patisserie.jpg",
    brandId: brand.id,
  });
  // Every notice kind goes to the agency's chat.
  await saveChatWebhook({ db: db(), box: secretBoxFromEnv(env()), allowPrivate: true }, ctx, {
    url: receiver.url,
    kinds: ["story.approval_overdue", "story.changes_requested", "story.published"],
  });
  seed = {
    slug: workspace.slug,
    brandId: brand.id,
    brandName: brand.name,
    editorEmail: editor.email,
    approverEmail: approver.email,
    approverId: approver.id,
    mediaId: frame.id,
    channelIds: channels.map((c) => c.id),
  };
});

test.afterAll(async () => {
  await receiver?.close();
  await disconnectDb();
});

const signIn = (browser: Browser, email: string): Promise<Page> =>
  signInAs(browser, email, {
    page: { timezoneId: ZONE, locale: "en-GB", viewport: { width: 1280, height: 900 } },
  });

const title = (i: number) => `Tarte ${String(i + 1).padStart(2, "0")} ${RUN}`;

/** The plan: 20 stories at one minute (brand time), on all three channels; `bad` rows broken. */
function planCsv(date: string, time: string, bad: ReadonlySet<number> = new Set()): Buffer {
  const channels = seed.channelIds.join(";");
  const rows = Array.from({ length: COUNT }, (_, i) => {
    if (bad.has(i) && i % 3 === 0)
      return `${seed.brandName},No such channel,${date},${time},,${seed.mediaId},,,${title(i)}`;
    if (bad.has(i) && i % 3 === 1)
      return `${seed.brandName},${channels},${date},25:00,,${seed.mediaId},,,${title(i)}`;
    if (bad.has(i)) return `${seed.brandName},${channels},${date},${time},,not-a-media-id,,,${title(i)}`;
    return `${seed.brandName},${channels},${date},${time},,${seed.mediaId},Fresh today,,${title(i)}`;
  });
  return Buffer.from(
    `brand,channels,date,time,zone,frames,whatsapp_caption,stickers,title\n${rows.join("\n")}\n`,
  );
}

test("an agency imports a month, the team and the client review it, the approved stories publish, the one left is overdue and its reviewer told", async ({
  browser,
}) => {
  test.setTimeout(600_000);
  // The stories' minute: far enough ahead for every step before it, even on a busy CI machine.
  const due = new Date(Math.ceil((Date.now() + 240_000) / 60_000) * 60_000);
  const [date, time] = formatWallClock(wallClockAt(due, ZONE)).split("T") as [string, string];
  const editor = await signIn(browser, seed.editorEmail);
  const storyIds = new Map<number, string>();

  await test.step("the editor imports the CSV: 3 bad rows are reported, the fixed file imports 20 stories into review", async () => {
    await editor.goto(`/w/${seed.slug}/brands/${seed.brandId}/import`);
    const file = editor.getByLabel("Plan CSV (UTF-8)");
    await file.setInputFiles({
      name: "month.csv",
      mimeType: "text/csv",
      buffer: planCsv(date, time, new Set([3, 7, 11])),
    });
    await editor.getByRole("button", { name: "Check the file" }).click();
    await expect(editor.locator("#main").getByText("3 problems stop the import")).toBeVisible();
    await expect(editor.getByTestId("plan-problem")).toHaveCount(3);
    await keepScreenshot(editor, "agency-import-problems.png");
    await file.setInputFiles({ name: "month.csv", mimeType: "text/csv", buffer: planCsv(date, time) });
    await editor.getByRole("button", { name: "Check the file" }).click();
    await expect(
      editor.locator("#main").getByText(`The file is ready: ${COUNT} stories to import.`),
    ).toBeVisible();
    await editor.getByRole("button", { name: `Import ${COUNT} stories` }).click();
    await expect(editor.getByTestId("import-status")).toHaveText("Imported", { timeout: 60_000 });
    const stories = await db().story.findMany({
      where: { brandId: seed.brandId },
      select: { id: true, title: true, status: true },
    });
    expect(stories).toHaveLength(COUNT);
    expect(new Set(stories.map((s) => s.status))).toEqual(new Set(["IN_REVIEW"]));
    for (let i = 0; i < COUNT; i++) storyIds.set(i, stories.find((s) => s.title === title(i))?.id ?? "");
  });

  const approver = await signIn(browser, seed.approverEmail);
  await test.step("the team's approver approves all 20 in the review queue; they wait for the client", async () => {
    await approver.goto(`/w/${seed.slug}/reviews`);
    for (let i = 0; i < COUNT; i++) {
      await approver
        .getByTestId("review-item")
        .filter({ hasText: title(i) })
        .getByRole("checkbox")
        .check();
    }
    await approver.getByRole("button", { name: "Approve selected" }).click();
    await expect(approver.locator("#main").getByText(`Approved ${COUNT} stories.`)).toBeVisible();
    await expect(
      approver
        .getByTestId("review-item")
        .filter({ hasText: title(0) })
        .getByTestId("review-item-result"),
    ).toHaveText("Approved. It still waits for the client's approval.");
    expect(await db().story.count({ where: { brandId: seed.brandId, status: "IN_REVIEW" } })).toBe(COUNT);
  });

  let url = "";
  await test.step("the editor shares the day for review", async () => {
    await editor.goto(`/w/${seed.slug}/brands/${seed.brandId}/review-links`);
    await editor.getByLabel("From").fill(date);
    await editor.getByLabel("To (included)").fill(date);
    await editor.getByLabel("Label (for you)").fill(`Client review ${RUN}`);
    await editor.getByRole("button", { name: "Create review link" }).click();
    url = await editor.getByTestId("new-review-link").inputValue();
    expect(url).toMatch(/\/review\//);
  });

  await test.step("the client, with no account, approves 17, asks for changes on 2 and leaves 1", async () => {
    const context = await browser.newContext({ timezoneId: "America/New_York", locale: "en-US" });
    const client = await context.newPage();
    await client.goto(url);
    await expect(client.getByTestId("review-story")).toHaveCount(COUNT);
    await client.getByLabel("Your name (required)").fill("Clémence Client");
    const card = (i: number) => client.getByTestId("review-story").filter({ hasText: title(i) });
    for (let i = 0; i < COUNT; i++) {
      if (i === LEFT) continue;
      if (CHANGES.includes(i)) {
        await card(i)
          .getByLabel("What should change?")
          .fill(`Tarte ${i + 1}: use the raspberry photo.`);
        await card(i).getByRole("button", { name: "Request changes" }).click();
        await expect(card(i).getByTestId("review-decision-outcome")).toHaveText(
          "Sent: the agency will make the changes and send it back to you.",
        );
      } else {
        await card(i).getByRole("button", { name: "Approve" }).click();
        await expect(card(i).getByTestId("review-decision-outcome")).toHaveText("Approved: thank you.");
      }
    }
    await keepScreenshot(client, "agency-client-review-1280.png");
    await client.setViewportSize({ width: 390, height: 844 });
    await keepScreenshot(client, "agency-client-review-390.png");
    await context.close();
    expect(await db().story.count({ where: { brandId: seed.brandId, status: "SCHEDULED" } })).toBe(COUNT - 3);
  });

  await test.step("the editor fixes the 2 stories the client sent back; they return to review", async () => {
    for (const i of CHANGES) {
      await editor.goto(`/w/${seed.slug}/stories/${storyIds.get(i)}`);
      await expect(editor.getByTestId("review-decision").first()).toContainText("use the raspberry photo");
      await expect(editor.getByTestId("review-sent-back")).toContainText(
        "Clémence Client asked for changes to version 1. Edit the story to answer them",
      );
      await expect(editor.getByTestId("review-waiting")).toHaveCount(0);
      await editor.getByRole("link", { name: "Edit", exact: true }).click();
      await editor.getByLabel("Title (optional)").fill(`${title(i)} (raspberry)`);
      await editor.getByRole("button", { name: "Send for review", exact: true }).click();
      await expect(editor.getByTestId("story-status")).toHaveText("In review");
    }
    await keepScreenshot(editor, "agency-fixed-back-in-review.png");
  });

  await test.step("at their minute the 17 approved stories publish on every channel; the 3 others do not", async () => {
    const approved = [...storyIds.entries()]
      .filter(([i]) => i !== LEFT && !CHANGES.includes(i))
      .map(([, id]) => id);
    await expect
      .poll(() => db().story.count({ where: { id: { in: approved }, status: "PUBLISHED" } }), {
        timeout: due.getTime() - Date.now() + 180_000,
        intervals: [2_000],
      })
      .toBe(approved.length);
    const published = await db().story.findMany({
      where: { id: { in: approved } },
      select: { publishedAt: true },
    });
    for (const story of published) {
      // Published at its minute: not before it, and within the minute after.
      expect(story.publishedAt?.getTime()).toBeGreaterThanOrEqual(due.getTime());
      expect(story.publishedAt?.getTime()).toBeLessThan(due.getTime() + 60_000);
    }
    const others = [storyIds.get(LEFT), ...CHANGES.map((i) => storyIds.get(i))] as string[];
    const targets = await db().storyTarget.findMany({
      where: { storyId: { in: others } },
      select: { state: true },
    });
    expect(targets.filter((t) => t.state === "PUBLISHED")).toEqual([]);
  });

  const left = storyIds.get(LEFT) ?? "";
  await test.step("the story left unreviewed is overdue, and its reviewer is told on the bell, by e-mail and in chat", async () => {
    await expect
      .poll(async () => (await db().story.findUniqueOrThrow({ where: { id: left } })).reviewOverdueAt, {
        timeout: 60_000,
      })
      .not.toBeNull();
    expect((await db().story.findUniqueOrThrow({ where: { id: left } })).status).toBe("IN_REVIEW");

    await approver.goto(`/w/${seed.slug}`);
    const bell = approver.getByRole("link", { name: /^Notifications, / });
    await expect(bell).toHaveAccessibleName(/^Notifications, \d+ unread$/);
    await bell.click();
    await expect(approver.locator("#main").getByText(`Overdue approval: ${title(LEFT)}`)).toBeVisible();
    await keepScreenshot(approver, "agency-overdue-bell-1280.png");
    await approver.setViewportSize({ width: 390, height: 844 });
    await keepScreenshot(approver, "agency-overdue-bell-390.png");

    const mail = await mailSink.waitFor(seed.approverEmail, (m) => m.subject.includes(title(LEFT)), 150_000);
    expect(mail.text).toContain("was not published");
    const post = await receiver.waitFor((p) => p.text.includes(`Overdue approval: ${title(LEFT)}`), 60_000);
    expect(post.text).toContain(`/stories/${left}`);

    await approver.setViewportSize({ width: 1280, height: 900 });
    await approver.goto(`/w/${seed.slug}/stories/${left}`);
    await expect(approver.getByTestId("review-overdue")).toContainText("Overdue: needed approval by");
    await keepScreenshot(approver, "agency-overdue-story.png");
  });
});
