import { createHmac } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { jpeg } from "@/test/media/media-fixtures";
import { type MediaServer, startMediaServer } from "@/test/simulators/media-server";
import {
  DAY,
  type Json,
  startTestSimulator,
  type TestSimulator,
  waitFor,
} from "@/test/simulators/sim-client";
import { startWebhookReceiver, type WebhookReceiver } from "@/test/simulators/webhook-receiver";

// Sandbox people acting on the brand's stories (POST /_sim/viewers/messages) and what reaches
// StoryRelay: Meta messaging deliveries through the app subscription, WAHA events through the
// session's configured webhooks, signed, filtered, retried, duplicated on demand.

const SECRET = "viewer-test-app-secret";
const WAHA_KEY = "waha-viewer-key-1";
const HMAC_KEY = "waha-hmac-key";

let sim: TestSimulator;
let media: MediaServer;
let receiver: WebhookReceiver;
let seed = 0;

beforeAll(async () => {
  sim = await startTestSimulator({
    appSecret: SECRET,
    instagram: { imageProcessingMs: 0 },
    webhooks: { retryDelaysMs: [50] },
    whatsapp: { webhookRetryDelaysMs: [50] },
  });
  media = await startMediaServer();
  receiver = await startWebhookReceiver();
});

afterAll(async () => {
  await sim.close();
  await media.close();
  await receiver.close();
});

beforeEach(async () => {
  await sim.control("POST", "reset");
  receiver.received.length = 0;
  receiver.control.failNext = 0;
});

const act = (body: Json) => sim.control("POST", "viewers/messages", body);
const metaSubscribe = () =>
  sim.control("POST", "webhooks", {
    callbackUrl: `${receiver.base}/meta`,
    verifyToken: receiver.verifyToken,
  });
const webhooks = async () => (await sim.control("GET", "webhooks")).body;
const settledMeta = (count: number) =>
  waitFor(
    async () => {
      const done = (await webhooks()).deliveries.filter(
        (d: Json) => d.field === "messages" && d.state !== "pending",
      );
      return done.length >= count ? done : undefined;
    },
    5_000,
    `${count} settled messaging deliveries`,
  );
const metaSignature = (body: string) => `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}`;

async function instagramStory(account: Json): Promise<string> {
  const url = media.serve(`/ig-${++seed}.jpg`, jpeg({ seed }), "image/jpeg");
  const ig = (path: string, params: Record<string, string>) =>
    sim.graph("instagram", "POST", path, params, { token: account.token });
  const container = await ig(`${account.id}/media`, { media_type: "STORIES", image_url: url });
  await sim.advance(1_000);
  const published = await ig(`${account.id}/media_publish`, { creation_id: container.body.id });
  expect(published.status, JSON.stringify(published.body)).toBe(200);
  return published.body.id;
}

async function pageStory(page: Json): Promise<{ postId: string; photoId: string }> {
  const url = media.serve(`/fb-${++seed}.jpg`, jpeg({ seed }), "image/jpeg");
  const fb = (path: string, params: Record<string, string>) =>
    sim.graph("facebook", "POST", path, params, { token: page.token });
  const photo = await fb(`${page.id}/photos`, { url, published: "false" });
  const story = await fb(`${page.id}/photo_stories`, { photo_id: photo.body.id });
  expect(story.status, JSON.stringify(story.body)).toBe(200);
  return { postId: story.body.post_id, photoId: photo.body.id };
}

describe("Meta viewers", () => {
  it("delivers story replies, reactions, mentions and texts to the subscription, signed", async () => {
    const account = await sim.createAccount({ platform: "instagram", name: "bakery" });
    const storyId = await instagramStory(account);
    await metaSubscribe();

    const reply = await act({
      platform: "instagram",
      accountId: account.id,
      kind: "story_reply",
      storyId,
      text: "Love it!",
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    const viewer = reply.body.viewer;
    expect(viewer).toEqual({
      id: expect.stringMatching(/^\d+$/),
      name: "Sandbox Viewer",
      username: "sandbox_viewer_1",
    });
    expect(reply.body.deliveries).toHaveLength(1);
    expect(reply.body.event).toEqual({
      sender: { id: viewer.id },
      recipient: { id: account.id },
      timestamp: expect.any(Number),
      message: {
        mid: reply.body.messageId,
        text: "Love it!",
        reply_to: { story: { id: storyId, url: expect.stringContaining("/_sim/media/") } },
      },
    });
    const reaction = await act({
      platform: "instagram",
      accountId: account.id,
      kind: "story_reaction",
      storyId,
    });
    expect(reaction.body.event.message).toMatchObject({ text: "❤️", reply_to: { story: { id: storyId } } });
    expect(reaction.body.viewer.id).toBe(viewer.id);
    const mention = await act({
      platform: "instagram",
      accountId: account.id,
      kind: "story_mention",
      viewer: { name: "Mia Mentions", username: "mia" },
    });
    expect(mention.body.viewer).toMatchObject({ name: "Mia Mentions", username: "mia" });
    expect(mention.body.viewer.id).not.toBe(viewer.id);
    expect(mention.body.event.message.attachments).toEqual([
      { type: "story_mention", payload: { url: expect.stringMatching(/^http/) } },
    ]);
    const dm = await act({ platform: "instagram", accountId: account.id, kind: "text", text: "hello?" });
    expect(dm.body.event.message).toEqual({ mid: dm.body.messageId, text: "hello?" });

    const listed = await settledMeta(4);
    expect(listed.map((d: Json) => d.state)).toEqual(["delivered", "delivered", "delivered", "delivered"]);
    expect(listed[0]).toMatchObject({
      field: "messages",
      platform: "instagram",
      messageId: reply.body.messageId,
    });
    expect(receiver.received).toHaveLength(4);
    for (const got of receiver.received)
      expect(got.headers["x-hub-signature-256"]).toBe(metaSignature(got.body));
    const first = JSON.parse(receiver.received[0]?.body ?? "{}");
    expect(first).toEqual({
      object: "instagram",
      entry: [{ id: account.id, time: expect.any(Number), messaging: [reply.body.event] }],
    });
  });

  it("reacts to a message in the thread, and refuses unknown messages", async () => {
    const account = await sim.createAccount({ platform: "instagram", name: "reactive" });
    const { viewer } = (await act({ platform: "instagram", accountId: account.id, kind: "text", text: "q" }))
      .body;
    const sent = await sim.graph(
      "instagram",
      "POST",
      `${account.id}/messages`,
      { recipient: JSON.stringify({ id: viewer.id }), message: JSON.stringify({ text: "answer" }) },
      { token: account.token },
    );
    await metaSubscribe();
    const reacted = await act({
      platform: "instagram",
      accountId: account.id,
      kind: "reaction",
      reactToMid: sent.body.message_id,
      emoji: "😂",
    });
    expect(reacted.status, JSON.stringify(reacted.body)).toBe(201);
    expect(reacted.body.event).toMatchObject({
      sender: { id: viewer.id },
      recipient: { id: account.id },
      reaction: { mid: sent.body.message_id, action: "react", reaction: "other", emoji: "😂" },
    });
    // Subscribed to reactions alone: the reaction is delivered, a text is not.
    await sim.control("POST", "webhooks", {
      callbackUrl: `${receiver.base}/meta`,
      verifyToken: receiver.verifyToken,
      fields: ["message_reactions"],
    });
    const again = await act({
      platform: "instagram",
      accountId: account.id,
      kind: "reaction",
      reactToMid: sent.body.message_id,
    });
    expect(again.body.event.reaction).toMatchObject({ reaction: "love", emoji: "❤️" });
    expect(again.body.deliveries).toHaveLength(1);
    const quiet = await act({ platform: "instagram", accountId: account.id, kind: "text", text: "x" });
    expect(quiet.body.deliveries).toEqual([]);
    const unknown = await act({
      platform: "instagram",
      accountId: account.id,
      kind: "reaction",
      reactToMid: "m_nope",
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error).toMatch(/m_nope is not in/);
  });

  it("refuses replies to stories that are not live, and bad requests", async () => {
    const account = await sim.createAccount({ platform: "instagram", name: "strict" });
    const storyId = await instagramStory(account);
    const unknown = await act({
      platform: "instagram",
      accountId: account.id,
      kind: "story_reply",
      storyId: "123",
      text: "x",
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error).toMatch(/not a story of Instagram account/);
    expect(
      (await act({ platform: "instagram", accountId: account.id, kind: "story_reply", storyId })).status,
    ).toBe(400);
    expect((await act({ platform: "instagram", accountId: "999", kind: "text", text: "x" })).status).toBe(
      404,
    );
    expect((await act({ platform: "instagram", accountId: account.id, kind: "shout" })).status).toBe(400);
    await sim.advance(DAY);
    const expired = await act({
      platform: "instagram",
      accountId: account.id,
      kind: "story_reply",
      storyId,
      text: "x",
    });
    expect(expired.status).toBe(422);
    expect(expired.body.error).toMatch(/expired/);
    expect((await sim.control("GET", "messages")).body.count).toBe(0);
  });

  it("answers Facebook page stories by post id or photo id, duplicates and retries deliveries, spoils signatures under the fault", async () => {
    const page = await sim.createAccount({ platform: "facebook", name: "Florist" });
    const { postId, photoId } = await pageStory(page);
    await metaSubscribe();
    const byPost = await act({
      platform: "facebook",
      accountId: page.id,
      kind: "story_reply",
      storyId: postId,
      text: "a",
    });
    const byPhoto = await act({
      platform: "facebook",
      accountId: page.id,
      kind: "story_reply",
      storyId: photoId,
      text: "b",
    });
    expect(byPost.body.event.message.reply_to.story.id).toBe(postId);
    expect(byPhoto.body.event.message.reply_to.story.id).toBe(photoId);
    expect((await act({ platform: "facebook", accountId: page.id, kind: "story_mention" })).status).toBe(422);
    await settledMeta(2);
    expect(JSON.parse(receiver.received[0]?.body ?? "{}").object).toBe("page");

    const twice = await act({
      platform: "facebook",
      accountId: page.id,
      kind: "text",
      text: "dup",
      duplicate: true,
    });
    expect(twice.body.deliveries).toHaveLength(2);
    await settledMeta(4);
    const copies = receiver.received.filter((r) => r.body.includes(twice.body.messageId));
    expect(copies).toHaveLength(2);
    expect(copies[0]?.body).toBe(copies[1]?.body);

    receiver.control.failNext = 1;
    await act({ platform: "facebook", accountId: page.id, kind: "text", text: "retry" });
    const retried = (await settledMeta(5)).at(-1);
    expect(retried.attempts.map((a: Json) => a.status)).toEqual([500, 200]);

    await sim.fault({ kind: "webhook_bad_signature", platform: "facebook", accountId: page.id, count: 1 });
    const spoiled = await act({ platform: "facebook", accountId: page.id, kind: "text", text: "spoiled" });
    await settledMeta(6);
    const got = receiver.received.find((r) => r.body.includes(spoiled.body.messageId));
    expect(got?.headers["x-hub-signature-256"]).not.toBe(metaSignature(got?.body ?? ""));
    const clean = await act({ platform: "facebook", accountId: page.id, kind: "text", text: "clean" });
    await settledMeta(7);
    const good = receiver.received.find((r) => r.body.includes(clean.body.messageId));
    expect(good?.headers["x-hub-signature-256"]).toBe(metaSignature(good?.body ?? ""));
  });

  it("keeps a stable default viewer per account and takes given people", async () => {
    const a = await sim.createAccount({ platform: "instagram", name: "a" });
    const b = await sim.createAccount({ platform: "instagram", name: "b" });
    const text = (accountId: string, viewer?: Json) =>
      act({ platform: "instagram", accountId, kind: "text", text: "x", viewer });
    // A refused request creates nobody: the first person made is still sandbox_viewer_1.
    const refused = await act({
      platform: "instagram",
      accountId: a.id,
      kind: "reaction",
      reactToMid: "m_x",
      viewer: { name: "Ghost" },
    });
    expect(refused.status).toBe(422);
    const first = (await text(a.id)).body.viewer;
    expect(first.username).toBe("sandbox_viewer_1");
    expect((await text(a.id)).body.viewer).toEqual(first);
    expect((await text(a.id, { name: "Sandbox Viewer" })).body.viewer).toEqual(first);
    const other = (await text(b.id)).body.viewer;
    expect(other.id).not.toBe(first.id);
    expect(other.username).toBe("sandbox_viewer_2");
    const given = (await text(a.id, { id: "4242424242", name: "Given", username: "given" })).body.viewer;
    expect(given).toEqual({ id: "4242424242", name: "Given", username: "given" });
    expect((await text(a.id, { name: "Given" })).body.viewer.id).toBe("4242424242");
    expect((await text(a.id, { id: "not digits" })).status).toBe(400);
  });
});

describe("WAHA viewers", () => {
  async function workingSession(config: Json) {
    const created = await sim.waha("POST", "api/sessions", WAHA_KEY, { name: "brand", config });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect((await sim.control("POST", "sessions/brand/scan")).status).toBe(200);
    return created.body;
  }

  const status = async () => {
    const sent = await sim.waha("POST", "api/brand/status/text", WAHA_KEY, {
      text: "Fresh bread",
      backgroundColor: "#38b42f",
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    return sent.body.key.id as string;
  };

  const hookBodies = (path: string) => receiver.received.filter((r) => r.path === path);

  it("posts status replies to the webhooks that subscribed, signed with HMAC-SHA512", async () => {
    const config = {
      webhooks: [
        { url: `${receiver.base}/messages`, events: ["message"], hmac: { key: HMAC_KEY } },
        { url: `${receiver.base}/any`, events: ["message.any"] },
        { url: `${receiver.base}/all`, events: ["*"], hmac: { key: HMAC_KEY } },
      ],
    };
    const created = await workingSession(config);
    expect(created.config).toEqual(config);
    expect((await sim.waha("GET", "api/sessions/brand", WAHA_KEY)).body.config).toEqual(config);
    const statusId = await status();

    const reply = await act({
      platform: "whatsapp",
      accountId: "brand",
      kind: "story_reply",
      storyId: statusId,
      text: "Is it gluten free?",
      viewer: { name: "Wanda" },
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    const chat = reply.body.viewer.id;
    expect(chat).toMatch(/^\d+@c\.us$/);
    // message → /messages and /all; message.any → /any and /all.
    expect(reply.body.deliveries).toHaveLength(4);
    await waitFor(async () => (receiver.received.length >= 4 ? true : undefined), 5_000, "four WAHA posts");
    const [got] = hookBodies("/messages");
    if (!got) throw new Error("nothing on /messages");
    expect(got.headers["x-webhook-hmac"]).toBe(createHmac("sha512", HMAC_KEY).update(got.body).digest("hex"));
    expect(got.headers["x-webhook-hmac-algorithm"]).toBe("sha512");
    expect(got.headers["x-webhook-request-id"]).toEqual(expect.any(String));
    expect(got.headers["x-webhook-timestamp"]).toMatch(/^\d+$/);
    const event = JSON.parse(got.body);
    expect(event).toEqual({
      id: expect.stringMatching(/^evt_/),
      timestamp: expect.any(Number),
      event: "message",
      session: "brand",
      me: { id: expect.stringMatching(/@c\.us$/), pushName: "brand" },
      payload: {
        id: expect.stringMatching(new RegExp(`^false_${chat}_`)),
        timestamp: expect.any(Number),
        from: chat,
        fromMe: false,
        to: event.me.id,
        body: "Is it gluten free?",
        hasMedia: false,
        replyTo: { id: statusId, participant: event.me.id, body: "Fresh bread" },
        _data: { notifyName: "Wanda" },
      },
      engine: "WEBJS",
    });
    expect(hookBodies("/any")[0]?.headers["x-webhook-hmac"]).toBeUndefined();
    expect(JSON.parse(hookBodies("/any")[0]?.body ?? "{}").event).toBe("message.any");
    expect(
      hookBodies("/all")
        .map((r) => JSON.parse(r.body).event)
        .sort(),
    ).toEqual(["message", "message.any"]);

    // A reaction to the brand's answer: message.reaction, only to "*".
    const answer = await sim.waha("POST", "api/sendText", WAHA_KEY, {
      session: "brand",
      chatId: chat,
      text: "Yes!",
    });
    const reaction = await act({
      platform: "whatsapp",
      accountId: "brand",
      kind: "reaction",
      reactToMid: answer.body.id,
      viewer: { id: chat },
    });
    expect(reaction.status, JSON.stringify(reaction.body)).toBe(201);
    expect(reaction.body.event.payload.reaction).toEqual({ text: "👍", messageId: answer.body.id });
    // The send's message.any (fromMe) → /any and /all; the reaction → /all.
    await waitFor(async () => (receiver.received.length >= 7 ? true : undefined), 5_000, "seven WAHA posts");
    expect(hookBodies("/messages")).toHaveLength(1);
    const outgoing = JSON.parse(hookBodies("/any")[1]?.body ?? "{}");
    expect(outgoing).toMatchObject({
      event: "message.any",
      payload: { id: answer.body.id, fromMe: true, body: "Yes!" },
    });
    expect(hookBodies("/all").map((r) => JSON.parse(r.body).event)).toContain("message.reaction");
    expect((await webhooks()).waha).toHaveLength(7);
  });

  it("replaces the config with PUT, retries and duplicates deliveries, refuses dead statuses", async () => {
    await workingSession({ webhooks: [{ url: `${receiver.base}/old`, events: ["message"] }] });
    const put = await sim.waha("PUT", "api/sessions/brand", WAHA_KEY, {
      config: { webhooks: [{ url: `${receiver.base}/new`, events: ["message"], hmac: { key: HMAC_KEY } }] },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body.config.webhooks[0].url).toBe(`${receiver.base}/new`);
    expect(
      (await sim.waha("PUT", "api/sessions/brand", WAHA_KEY, { config: { webhooks: [{ url: "nope" }] } }))
        .status,
    ).toBe(400);

    receiver.control.failNext = 1;
    const statusId = await status();
    const twice = await act({
      platform: "whatsapp",
      accountId: "brand",
      kind: "story_reaction",
      storyId: statusId,
      duplicate: true,
    });
    expect(twice.body.event.payload).toMatchObject({ body: "❤️", replyTo: { id: statusId } });
    const settled = await waitFor(
      async () => {
        const all = (await webhooks()).waha;
        return all.length === 2 && all.every((d: Json) => d.state !== "pending") ? all : undefined;
      },
      5_000,
      "both copies settled",
    );
    expect(settled.map((d: Json) => d.state)).toEqual(["delivered", "delivered"]);
    expect(settled.flatMap((d: Json) => d.attempts.map((a: Json) => a.status)).sort()).toEqual([
      200, 200, 500,
    ]);
    expect(hookBodies("/old")).toHaveLength(0);
    const copies = hookBodies("/new");
    expect(copies).toHaveLength(2);
    expect(copies[0]?.body).toBe(copies[1]?.body);

    expect((await act({ platform: "whatsapp", accountId: "brand", kind: "story_mention" })).status).toBe(422);
    await sim.waha("POST", "api/brand/status/delete", WAHA_KEY, { id: statusId });
    const deleted = await act({
      platform: "whatsapp",
      accountId: "brand",
      kind: "story_reply",
      storyId: statusId,
      text: "x",
    });
    expect(deleted.status).toBe(422);
    expect(deleted.body.error).toMatch(/deleted/);
    const later = await status();
    await sim.advance(DAY);
    const expired = await act({
      platform: "whatsapp",
      accountId: "brand",
      kind: "story_reply",
      storyId: later,
      text: "x",
    });
    expect(expired.body.error).toMatch(/expired/);
    await sim.fault({ kind: "session_state", accountId: "brand", state: "SCAN_QR_CODE" });
    const notWorking = await act({ platform: "whatsapp", accountId: "brand", kind: "text", text: "x" });
    expect(notWorking.status).toBe(422);
    expect(notWorking.body.error).toMatch(/SCAN_QR_CODE/);
  });
});
