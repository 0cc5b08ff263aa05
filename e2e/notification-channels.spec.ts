import { type Browser, expect, type Page, test } from "@playwright/test";
import { db, disconnectDb } from "@/lib/db/client";
import { makeBrand, makeMember, makeUser, makeWorkspace } from "@/prisma/factories";
import { runId } from "./support/accounts";
import { type ChatReceiver, startChatReceiver } from "./support/chat-receiver";
import { mailSink } from "./support/mail-sink";
import { keepScreenshot } from "./support/screenshots";
import { signInAs } from "./support/sign-in";

// Notification channels end to end: a member chooses the daily digest, another e-mail at once; an
// owner comments on a story mentioning the approver through the @ picker → the approver's bell
// and inbox (captured by the stack's SMTP sink) have it, the digest reader's inbox does not; the
// owner adds the workspace's chat webhook (a local Slack-compatible receiver), Send test shows the
// receiver's answer (200, then a 500), and a real event (the approver's reply) reaches it.

const RUN = runId();
const ZONE = "Europe/Berlin";

let seed: { slug: string; storyPath: string; owner: string; editor: string; approver: string; title: string };
let receiver: ChatReceiver;

test.use({ timezoneId: ZONE, locale: "en-US", viewport: { width: 1280, height: 900 } });

test.beforeAll(async () => {
  receiver = await startChatReceiver();
  const owner = await makeUser(db(), { name: "Olga Owner", email: `owner-${RUN}@e2e.storyrelay.test` });
  const { workspace } = await makeWorkspace(db(), { name: `Channels Agency ${RUN}`, ownerId: owner.id });
  const brand = await makeBrand(db(), workspace.id, { name: `Channels Bakery ${RUN}`, timeZone: ZONE });
  const editor = await makeUser(db(), { name: "Edie Editor", email: `editor-${RUN}@e2e.storyrelay.test` });
  const approver = await makeUser(db(), {
    name: "Abe Approver",
    email: `approver-${RUN}@e2e.storyrelay.test`,
  });
  await makeMember(db(), workspace, "EDITOR", { userId: editor.id });
  await makeMember(db(), workspace, "APPROVER", { userId: approver.id });
  const title = `Croissants ${RUN}`;
  const story = await db().story.create({
    data: { workspaceId: workspace.id, brandId: brand.id, authorId: editor.id, title },
  });
  seed = {
    slug: workspace.slug,
    storyPath: `/w/${workspace.slug}/stories/${story.id}`,
    owner: owner.email,
    editor: editor.email,
    approver: approver.email,
    title,
  };
});

test.afterAll(async () => {
  await receiver.close();
  await disconnectDb();
});

const signIn = (browser: Browser, email: string, width = 1280): Promise<Page> =>
  signInAs(browser, email, { page: { timezoneId: ZONE, locale: "en-US", viewport: { width, height: 900 } } });

async function chooseMail(page: Page, label: string) {
  await page.goto(`/w/${seed.slug}/notifications`);
  await page.getByRole("link", { name: "E-mail settings" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Notification settings" })).toBeVisible();
  const form = page.getByTestId("notice-mail-form");
  await form.getByLabel(label).check();
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.getByRole("status")).toHaveText(`Saved: ${label.toLowerCase()}.`);
}

test("a mention reaches the bell and the inbox; the chat webhook gets a test and a real event", async ({
  browser,
}) => {
  test.setTimeout(180_000);

  await test.step("the author chooses the daily digest (at 390 px), the approver e-mail at once", async () => {
    const editor = await signIn(browser, seed.editor, 390);
    await chooseMail(editor, "One daily digest of unread notifications");
    await keepScreenshot(editor, "notification-settings-390.png");
    await editor.close();
    const approver = await signIn(browser, seed.approver);
    await chooseMail(approver, "E-mail each notification at once");
    await approver.close();
  });

  const owner = await signIn(browser, seed.owner);
  await test.step("the owner comments, mentioning the approver through the @ picker", async () => {
    await owner.goto(seed.storyPath);
    const comments = owner.getByTestId("story-comments");
    const box = comments.getByLabel("Add a comment");
    await box.pressSequentially("Please check the crust @Ab");
    const option = comments.getByRole("button", { name: "Abe Approver" });
    await expect(option).toBeVisible();
    await keepScreenshot(owner, "comment-mention-picker-1280.png");
    await option.click();
    await box.pressSequentially("thanks!");
    await comments.getByRole("button", { name: "Post comment" }).click();
    await expect(comments.getByRole("status")).toHaveText("Comment added. Notified Abe Approver.");
    const posted = comments.getByTestId("comment").last();
    await expect(posted).toContainText("Olga Owner");
    await expect(posted).toContainText("Please check the crust @Abe Approver thanks!");
  });

  await test.step("the approver's bell and inbox have the mention; the digest reader's inbox does not", async () => {
    const mail = await mailSink.waitFor(seed.approver, (m) => m.subject.includes("mentioned you"));
    expect(mail.subject).toBe(`[Channels Agency ${RUN}] Olga Owner mentioned you on ${seed.title}`);
    expect(mail.text).toContain("Please check the crust @Abe Approver thanks!");
    expect(mail.text).toContain(`${seed.storyPath}#comment-`);
    // The author heard of the comment in the bell only: their mail waits for the digest.
    expect(await mailSink.to(seed.editor)).toEqual([]);

    const approver = await signIn(browser, seed.approver, 390);
    const bell = approver.getByRole("link", { name: /^Notifications, / });
    await expect(bell).toHaveAccessibleName("Notifications, 1 unread");
    await bell.click();
    const item = approver
      .getByRole("list", { name: "Notifications" })
      .getByRole("listitem")
      .filter({ hasText: `Olga Owner mentioned you on ${seed.title}` });
    await expect(item).toBeVisible();
    await item.getByRole("link", { name: `Olga Owner mentioned you on ${seed.title}` }).click();
    await expect(approver).toHaveURL(new RegExp(`${seed.storyPath}#comment-`));
    await keepScreenshot(approver, "story-comments-390.png");
    await approver.close();
  });

  await test.step("the owner adds the chat webhook; Send test shows the receiver's answer", async () => {
    await owner.goto(`/w/${seed.slug}/settings`);
    const chat = owner.getByTestId("chat-settings");
    await chat.getByLabel("Incoming webhook URL").fill(receiver.url);
    await chat.getByRole("button", { name: "Add chat webhook" }).click();
    const host = new URL(receiver.url).host;
    await expect(chat.getByRole("status").first()).toContainText(`Chat webhook saved (${host}`);
    await expect(chat.getByTestId("chat-webhook-saved")).toContainText(
      `Posting to ${host} (URL ending …${receiver.url.slice(-4)})`,
    );
    // The URL is never shown again.
    await expect(owner.locator(`input[value="${receiver.url}"]`)).toHaveCount(0);
    await chat.getByRole("button", { name: "Send test" }).click();
    await expect(chat.getByText(`Test delivered: ${host} answered HTTP 200.`)).toBeVisible();
    await receiver.waitFor((post) => post.text.includes("StoryRelay test"));
    receiver.failNext(1);
    await chat.getByRole("button", { name: "Send test" }).click();
    await expect(chat.getByText(/Test not delivered to .*HTTP 500: receiver_down/)).toBeVisible();
    await keepScreenshot(owner, "chat-settings-1280.png");
  });

  await test.step("a real event (the approver's reply) reaches the chat once", async () => {
    const approver = await signIn(browser, seed.approver);
    await approver.goto(seed.storyPath);
    const comments = approver.getByTestId("story-comments");
    await comments.getByLabel("Add a comment").fill("Crust looks perfect.");
    await comments.getByRole("button", { name: "Post comment" }).click();
    await expect(comments.getByRole("status")).toHaveText("Comment added.");
    const post = await receiver.waitFor((p) => p.text.includes("Abe Approver commented on"), 30_000);
    expect(post.text).toContain(`${seed.storyPath}#comment-`);
    expect(post.text).toContain("Crust looks perfect.");
    expect(receiver.posts.filter((p) => p.text.includes("Abe Approver commented on"))).toHaveLength(1);
    await approver.close();
    await owner.setViewportSize({ width: 390, height: 900 });
    await owner.goto(`/w/${seed.slug}/settings`);
    await expect(owner.getByTestId("chat-posts")).toContainText("Delivered");
    await keepScreenshot(owner, "chat-settings-390.png");
  });
});
