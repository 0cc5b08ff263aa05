import { randomUUID } from "node:crypto";
import { Queue, Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createComment } from "@/lib/comments/create-comment";
import { mentionToken } from "@/lib/comments/mention-tokens";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { createLogger } from "@/lib/logger";
import { createMailer } from "@/lib/mail/send-mail";
import { enqueueMail } from "@/lib/queue/mail-queue";
import { bullOptions, type MailJob, QUEUES } from "@/lib/queue/queues";
import { setNoticeMail } from "@/lib/users/set-notice-mail";
import { makeBrand, makeMember, makeWorkspace } from "@/prisma/factories";
import { expectAppError } from "@/test/assert/expect-app-error";
import { waitUntil } from "@/test/assert/wait-until";
import { type SmtpSink, startSmtpSink } from "@/test/mail/smtp-sink";
import { type ChatReceiver, startChatReceiver } from "@/test/net/chat-receiver";
import { mailProcessor } from "@/workers/mail-processor";
import { type ChatDeliveryDeps, deliverDueChatMessages } from "./deliver-chat-message";
import { getChatWebhook } from "./get-chat-webhook";
import { mailNotices } from "./mail-notices";
import { notify } from "./notify";
import { saveChatWebhook } from "./save-chat-webhook";
import { sendDigests } from "./send-digests";
import { sendTestChatMessage } from "./send-test-chat-message";

const BASE = "https://relay.example.test";
const uid = (ctx: { userId: string | null }) => ctx.userId ?? "";
const box = secretBoxFromEnv(env());

let sink: SmtpSink;
let queue: Queue<MailJob>;
let worker: Worker;

beforeAll(async () => {
  // The real path: mail queue → mail worker → nodemailer over SMTP → a local sink.
  sink = await startSmtpSink();
  const options = bullOptions(env().REDIS_URL, QUEUES.mail, `test-${randomUUID()}`);
  queue = new Queue<MailJob>(QUEUES.mail, options);
  const mailer = createMailer(
    { smtpUrl: sink.url, from: "StoryRelay <relay@example.test>" },
    createLogger("t", "silent"),
  );
  worker = new Worker(QUEUES.mail, mailProcessor(mailer), options);
});
afterAll(async () => {
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  await sink.close();
});

const mailDeps = (now: () => Date = () => new Date()) => ({
  db: db(),
  baseUrl: BASE,
  now,
  enqueue: (mail: MailJob, jobId: string) => enqueueMail(mail, queue, { jobId }),
});

async function team() {
  const { workspace, ctx: owner } = await makeWorkspace(db(), { name: `Agency ${randomUUID().slice(0, 6)}` });
  const brand = await makeBrand(db(), workspace.id, { name: "Acme" });
  const editor = await makeMember(db(), workspace, "EDITOR");
  const approver = await makeMember(db(), workspace, "APPROVER");
  const story = await db().story.create({
    data: { workspaceId: workspace.id, brandId: brand.id, authorId: uid(editor), title: "Launch" },
  });
  const user = (ctx: { userId: string | null }) => db().user.findUniqueOrThrow({ where: { id: uid(ctx) } });
  return { workspace, brand, owner, editor, approver, story, user };
}

describe("notice e-mail", () => {
  it("mails a mention at once, one mail per notice, never twice, and not to those who chose otherwise", async () => {
    const t = await team();
    const approver = await t.user(t.approver);
    const editor = await t.user(t.editor);
    await db().user.update({ where: { id: editor.id }, data: { noticeMail: "OFF" } });
    const created = await createComment({ db: db() }, t.owner, t.story.id, {
      body: `${mentionToken({ name: approver.name, userId: approver.id })} please look`,
    });
    expect(created.toldUserIds.sort()).toEqual([approver.id, editor.id].sort());
    // After commit (what the server action does), then the sweep and a second call racing it.
    const mailed = await Promise.all([
      mailNotices(mailDeps(), { workspaceId: t.workspace.id, userIds: created.toldUserIds }),
      mailNotices(mailDeps(), { workspaceId: t.workspace.id }),
    ]);
    expect(mailed[0] + mailed[1]).toBe(1);
    const mail = await sink.waitFor((m) => m.to.includes(approver.email));
    expect(mail.subject).toBe(
      `[${t.workspace.name}] ${(await db().user.findUniqueOrThrow({ where: { id: uid(t.owner) } })).name} mentioned you on Launch`,
    );
    expect(mail.text).toContain(`@${approver.name} please look`);
    expect(mail.text).toContain(`${BASE}/w/${t.workspace.slug}/stories/${t.story.id}#comment-`);
    expect(mail.text).toMatch(/UTC/);
    expect(await mailNotices(mailDeps(), { workspaceId: t.workspace.id })).toBe(0);
    // The job id is the notice's: enqueueing it again (a crash before the mark) adds nothing.
    const notice = await db().notification.findFirstOrThrow({
      where: { userId: approver.id, workspaceId: t.workspace.id },
    });
    expect(notice.mailedAt).not.toBeNull();
    await enqueueMail({ to: approver.email, subject: "again", text: "again" }, queue, {
      jobId: `notice-${notice.id}`,
    });
    // A later comment by the editor tells the owner (an earlier participant): once its mail is
    // through, the queue has processed the duplicate too.
    const owner = await t.user(t.owner);
    await createComment({ db: db() }, t.editor, t.story.id, { body: "marker" });
    await mailNotices(mailDeps(), { workspaceId: t.workspace.id });
    await sink.waitFor((m) => m.to.includes(owner.email) && m.subject.includes("commented"));
    expect(sink.mails.filter((m) => m.to.includes(approver.email))).toHaveLength(1);
    expect(sink.mails.filter((m) => m.to.includes(editor.email))).toHaveLength(0);
  });

  it("the sweep mails what is a minute late, and leaves fresher notices to the after-commit path", async () => {
    const t = await team();
    const approver = await t.user(t.approver);
    const now = new Date();
    const notice = (ageMs: number, title: string) =>
      db().notification.create({
        data: {
          workspaceId: t.workspace.id,
          userId: approver.id,
          brandId: t.brand.id,
          kind: "story.comment",
          title,
          body: "",
          link: null,
          createdAt: new Date(now.getTime() - ageMs),
        },
      });
    await notice(2 * 60_000, "Missed by the web process");
    await notice(5_000, "Just written");
    await notice(3 * 24 * 3_600_000, "Last week");
    expect(
      await mailNotices(
        mailDeps(() => now),
        { workspaceId: t.workspace.id, minAgeMs: 60_000 },
      ),
    ).toBe(1);
    const mail = await sink.waitFor((m) => m.to.includes(approver.email));
    expect(mail.subject).toContain("Missed by the web process");
  });

  it("leaving 'no e-mail' does not mail what piled up meanwhile; an unknown choice is refused", async () => {
    const t = await team();
    const approver = await t.user(t.approver);
    await setNoticeMail(db(), approver.id, { noticeMail: "OFF" });
    await notify(db(), {
      kind: "story.comment",
      workspaceId: t.workspace.id,
      brandId: t.brand.id,
      userIds: [approver.id],
      title: "While off",
      body: "",
      path: null,
    });
    expect(await mailNotices(mailDeps(), { workspaceId: t.workspace.id })).toBe(0);
    await setNoticeMail(db(), approver.id, { noticeMail: "IMMEDIATE" });
    expect(await mailNotices(mailDeps(), { workspaceId: t.workspace.id })).toBe(0);
    // Choosing the digest claims today's: the first comes at the next digest hour, not at once.
    await setNoticeMail(db(), approver.id, { noticeMail: "DIGEST" });
    expect((await db().user.findUniqueOrThrow({ where: { id: approver.id } })).digestDay).toBe(
      new Date().toISOString().slice(0, 10),
    );
    await expectAppError(setNoticeMail(db(), approver.id, { noticeMail: "SOMETIMES" }), "INVALID_INPUT");
    await expectAppError(setNoticeMail(db(), null, { noticeMail: "OFF" }), "FORBIDDEN");
  });

  it("sends one digest a day at the configured hour, grouped by workspace and brand", async () => {
    const t = await team();
    const other = await makeBrand(db(), t.workspace.id, { name: "Bolt" });
    const approver = await t.user(t.approver);
    await db().user.update({ where: { id: approver.id }, data: { noticeMail: "DIGEST" } });
    const second = await makeWorkspace(db(), { name: `Second ${randomUUID().slice(0, 6)}` });
    await makeMember(db(), second.workspace, "VIEWER", { userId: approver.id });
    const day = "2031-03-04";
    const at = (time: string) => new Date(`${day}T${time}Z`);
    const write = (
      workspaceId: string,
      brandId: string | null,
      title: string,
      createdAt: Date,
      readAt?: Date,
    ) =>
      db().notification.create({
        data: {
          workspaceId,
          userId: approver.id,
          brandId,
          kind: "story.comment",
          title,
          body: "b",
          link: "/stories/x",
          createdAt,
          readAt,
        },
      });
    await write(t.workspace.id, t.brand.id, "Acme one", at("01:00:00"));
    await write(t.workspace.id, other.id, "Bolt one", at("02:00:00"));
    await write(t.workspace.id, t.brand.id, "Acme read", at("03:00:00"), at("04:00:00"));
    await write(second.workspace.id, null, "Second workspace", at("05:00:00"));
    // Immediate mail leaves a digest reader alone.
    expect(
      await mailNotices(
        mailDeps(() => at("06:00:00")),
        { workspaceId: t.workspace.id },
      ),
    ).toBe(0);

    const digest = (time: string) => sendDigests({ ...mailDeps(() => at(time)), db: db(), digestHourUtc: 7 });
    expect(await digest("06:59:00")).toBe(0);
    expect(await digest("07:00:00")).toBeGreaterThanOrEqual(1);
    const mail = await sink.waitFor((m) => m.to.includes(approver.email));
    expect(mail.subject).toBe("StoryRelay: 3 notifications of the last day");
    const text = mail.text;
    expect(text).not.toContain("Acme read");
    expect(text.indexOf(`== ${t.workspace.name} ==`)).toBeLessThan(text.indexOf("-- Acme --"));
    expect(text.indexOf("-- Acme --")).toBeLessThan(text.indexOf("Acme one"));
    expect(text.indexOf("-- Bolt --")).toBeLessThan(text.indexOf("Bolt one"));
    expect(text).toContain(`== ${second.workspace.name} ==`);
    expect(text).toContain(`${BASE}/stories/x`);
    expect(text).toMatch(/UTC/);

    // Same day again: nothing. A notice later that day waits for tomorrow's digest.
    await write(t.workspace.id, t.brand.id, "Acme two", at("12:00:00"));
    expect(await digest("13:00:00")).toBe(0);
    const tomorrow = new Date(`2031-03-05T07:05:00Z`);
    expect(
      await sendDigests({ ...mailDeps(() => tomorrow), db: db(), digestHourUtc: 7 }),
    ).toBeGreaterThanOrEqual(1);
    const next = await sink.waitFor((m) => m.to.includes(approver.email) && m.text.includes("Acme two"));
    expect(next.text).not.toContain("Acme one");
    expect(sink.mails.filter((m) => m.to.includes(approver.email))).toHaveLength(2);
  });
});

describe("chat webhook", () => {
  let receiver: ChatReceiver;
  beforeAll(async () => {
    receiver = await startChatReceiver();
  });
  afterAll(() => receiver.close());

  const chatDeps = (): ChatDeliveryDeps => ({
    db: db(),
    box,
    post: { allowPrivate: true, deadlineMs: 5_000 },
    baseUrl: BASE,
    now: () => new Date(),
    maxAttempts: 5,
    retryBaseMs: 10,
    retryMaxMs: 50,
  });
  const saveDeps = { db: db(), box, allowPrivate: true };

  it("posts one message per event, retries a 500 and keeps the URL sealed", async () => {
    const t = await team();
    const saved = await saveChatWebhook(saveDeps, t.owner, {
      url: receiver.url,
      kinds: ["story.comment", "story.mention"],
    });
    expect(saved.urlHost).toBe(new URL(receiver.url).host);
    expect(saved.urlTail).toBe(receiver.url.slice(-4));
    const row = await db().chatWebhook.findUniqueOrThrow({ where: { workspaceId: t.workspace.id } });
    expect(Buffer.from(row.urlCiphertext).toString("utf8")).not.toContain("services");

    // Three recipients, one post.
    await notify(db(), {
      kind: "story.comment",
      workspaceId: t.workspace.id,
      brandId: t.brand.id,
      userIds: [uid(t.owner), uid(t.editor), uid(t.approver)],
      title: `Comment <b> on ${t.workspace.slug}`,
      body: "Nice & short",
      path: `/stories/${t.story.id}`,
    });
    // A kind it does not take: no post.
    await notify(db(), {
      kind: "story.published",
      workspaceId: t.workspace.id,
      brandId: t.brand.id,
      userIds: [uid(t.editor)],
      title: "Published",
      body: "",
      path: null,
    });
    expect(await db().chatMessage.count({ where: { workspaceId: t.workspace.id } })).toBe(1);

    receiver.failNext(2);
    await waitUntil(
      async () => {
        await deliverDueChatMessages(chatDeps());
        const message = await db().chatMessage.findFirstOrThrow({ where: { workspaceId: t.workspace.id } });
        return message.status === "PENDING" ? undefined : message;
      },
      { timeoutMs: 10_000, what: "the chat post to be delivered", intervalMs: 60 },
    ).then((message) => {
      expect(message).toMatchObject({ status: "DELIVERED", attempts: 3, lastStatusCode: 200 });
    });
    expect(receiver.refused).toBeGreaterThanOrEqual(2);
    const post = await receiver.waitFor((p) => p.text.includes(t.workspace.slug));
    expect(post.text).toBe(
      `*<${BASE}/w/${t.workspace.slug}/stories/${t.story.id}|Comment &lt;b&gt; on ${t.workspace.slug}>*\nNice &amp; short`,
    );
    expect(receiver.posts.filter((p) => p.text.includes(t.workspace.slug))).toHaveLength(1);
    const shown = await getChatWebhook(db(), t.owner);
    expect(shown?.recent[0]).toMatchObject({ status: "DELIVERED" });
    expect(JSON.stringify(shown)).not.toContain(receiver.url);
  });

  it("a comment that mentions someone is one chat post, worded for the channel", async () => {
    const t = await team();
    await saveChatWebhook(saveDeps, t.owner, {
      url: receiver.url,
      kinds: ["story.comment", "story.mention"],
    });
    const approver = await t.user(t.approver);
    const owner = await t.user(t.owner);
    await createComment({ db: db() }, t.owner, t.story.id, {
      body: `${mentionToken({ name: approver.name, userId: approver.id })} look`,
    });
    const posts = await db().chatMessage.findMany({ where: { workspaceId: t.workspace.id } });
    expect(posts).toHaveLength(1);
    expect(posts[0]?.text).toContain(`${owner.name} commented on Launch, mentioning ${approver.name}`);
    expect(posts[0]?.text).not.toContain("mentioned you");
  });

  it("writes nothing for a workspace without a webhook, and another workspace's webhook hears nothing", async () => {
    const a = await team();
    const b = await team();
    await saveChatWebhook(saveDeps, b.owner, { url: receiver.url, kinds: ["story.comment"] });
    await notify(db(), {
      kind: "story.comment",
      workspaceId: a.workspace.id,
      brandId: a.brand.id,
      userIds: [uid(a.editor)],
      title: "A only",
      body: "",
      path: null,
    });
    expect(
      await db().chatMessage.count({ where: { workspaceId: { in: [a.workspace.id, b.workspace.id] } } }),
    ).toBe(0);
    expect(await getChatWebhook(db(), a.owner)).toBeNull();
    await expectAppError(
      sendTestChatMessage({ db: db(), box, post: chatDeps().post, baseUrl: BASE }, a.owner),
      "NOT_FOUND",
    );
  });

  it("refuses private URLs by policy and non-managers; Send test reports the receiver's answer", async () => {
    const t = await team();
    await expectAppError(
      saveChatWebhook({ ...saveDeps, allowPrivate: false }, t.owner, {
        url: receiver.url,
        kinds: ["story.comment"],
      }),
      "INVALID_INPUT",
    );
    await expectAppError(
      saveChatWebhook(saveDeps, t.editor, { url: receiver.url, kinds: ["story.comment"] }),
      "FORBIDDEN",
    );
    await saveChatWebhook(saveDeps, t.owner, { url: receiver.url, kinds: ["story.comment"] });
    const testDeps = { db: db(), box, post: chatDeps().post, baseUrl: BASE };
    const ok = await sendTestChatMessage(testDeps, t.owner);
    expect(ok).toMatchObject({ delivered: true, statusCode: 200 });
    receiver.failNext(1);
    const refused = await sendTestChatMessage(testDeps, t.owner);
    expect(refused).toMatchObject({ delivered: false, statusCode: 500 });
    expect(refused.error).toContain("HTTP 500: receiver_down");
    // Kinds change without the URL (which the form never shows again).
    const updated = await saveChatWebhook(saveDeps, t.owner, { url: "", kinds: ["story.mention"] });
    expect(updated.kinds).toEqual(["story.mention"]);
  });
});
