import { createHmac } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  DAY,
  type Json,
  startTestSimulator,
  type TestSimulator,
  waitFor,
} from "@/test/simulators/sim-client";
import { startWebhookReceiver, type WebhookReceiver } from "@/test/simulators/webhook-receiver";

// The Send APIs (Instagram, Facebook, WAHA), the people's profiles and the sent-messages ledger:
// the 24-hour window on the simulated clock, HUMAN_AGENT's 7 days, unknown recipients, faults.

const SECRET = "send-test-app-secret";

let sim: TestSimulator;
let receiver: WebhookReceiver;

beforeAll(async () => {
  sim = await startTestSimulator({ appSecret: SECRET, webhooks: { retryDelaysMs: [50] } });
  receiver = await startWebhookReceiver();
});

afterAll(async () => {
  await sim.close();
  await receiver.close();
});

let ig: Json;
let page: Json;
beforeEach(async () => {
  await sim.control("POST", "reset");
  receiver.received.length = 0;
  ig = await sim.createAccount({ platform: "instagram", name: "brand" });
  page = await sim.createAccount({ platform: "facebook", name: "Brand Page" });
});

const viewerWrites = (platform: string, accountId: string, viewer?: Json): Promise<Json> =>
  sim.viewerMessage({ platform, accountId, kind: "text", text: "hi", viewer });

const sendJson = (host: "instagram" | "facebook", path: string, token: string, body: Json) =>
  sim.raw(`/${host}/v25.0/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });

const text = (recipient: string, words = "Thanks!") => ({
  recipient: { id: recipient },
  messaging_type: "RESPONSE",
  message: { text: words },
});

const messages = (query = "") => sim.sentMessages(query);

describe("Meta Send API", () => {
  it("sends to a person who wrote, records it once in the ledger, with usage headers", async () => {
    const { viewer } = await viewerWrites("instagram", ig.id);
    const sent = await sendJson("instagram", `${ig.id}/messages`, ig.token, text(viewer.id));
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(sent.body).toEqual({ recipient_id: viewer.id, message_id: expect.any(String) });
    expect(sent.headers.get("x-app-usage")).toMatch(/call_count/);
    expect(JSON.parse(sent.headers.get("x-business-use-case-usage") ?? "{}")[ig.id][0].type).toBe(
      "instagram",
    );
    expect(await messages(`?platform=instagram&accountId=${ig.id}`)).toEqual([
      {
        seq: 1,
        platform: "instagram",
        accountId: ig.id,
        recipientId: viewer.id,
        messageId: sent.body.message_id,
        text: "Thanks!",
        attachmentUrl: null,
        tag: null,
        sentAt: expect.any(Number),
      },
    ]);
    // /me/messages with the page token, parameters as a form with JSON strings, an image attachment.
    const fan = (await viewerWrites("facebook", page.id)).viewer;
    const form = await sim.graph(
      "facebook",
      "POST",
      "me/messages",
      {
        recipient: JSON.stringify({ id: fan.id }),
        message: JSON.stringify({
          attachment: { type: "image", payload: { url: "https://example.com/a.jpg" } },
        }),
      },
      { token: page.token },
    );
    expect(form.status, JSON.stringify(form.body)).toBe(200);
    expect(form.body.message_id).toMatch(/^m_/);
    expect((await messages("?platform=facebook"))[0]).toMatchObject({
      recipientId: fan.id,
      text: null,
      attachmentUrl: "https://example.com/a.jpg",
    });
    expect((await sim.control("GET", "messages")).body.count).toBe(2);
  });

  it("refuses past 24 h of simulated time, and past 7 days with HUMAN_AGENT", async () => {
    const { viewer } = await viewerWrites("instagram", ig.id);
    const fan = (await viewerWrites("facebook", page.id)).viewer;
    await sim.advance(DAY - 1_000);
    expect((await sendJson("instagram", `${ig.id}/messages`, ig.token, text(viewer.id))).status).toBe(200);
    await sim.advance(2_000);
    const late = await sendJson("instagram", `${ig.id}/messages`, ig.token, text(viewer.id));
    expect(late.status).toBe(400);
    expect(late.body.error).toMatchObject({
      code: 10,
      error_subcode: 2534022,
      message: "(#10) This message is sent outside of allowed window.",
    });
    const lateFb = await sendJson("facebook", `${page.id}/messages`, page.token, text(fan.id));
    expect(lateFb.body.error).toMatchObject({ code: 10, error_subcode: 2018278 });

    const tagged = { ...text(viewer.id), messaging_type: "MESSAGE_TAG", tag: "HUMAN_AGENT" };
    const agent = await sendJson("instagram", `${ig.id}/messages`, ig.token, tagged);
    expect(agent.status, JSON.stringify(agent.body)).toBe(200);
    expect((await messages()).at(-1)).toMatchObject({ tag: "HUMAN_AGENT" });
    await sim.advance(6 * DAY);
    expect((await sendJson("instagram", `${ig.id}/messages`, ig.token, tagged)).body.error).toMatchObject({
      code: 10,
      error_subcode: 2534022,
    });
    // A new message from the person opens the window again.
    await viewerWrites("instagram", ig.id, { id: viewer.id });
    expect((await sendJson("instagram", `${ig.id}/messages`, ig.token, text(viewer.id))).status).toBe(200);
    expect(await messages()).toHaveLength(3);
  });

  it("refuses people who never wrote to the account, bad bodies and other accounts' tokens", async () => {
    const { viewer } = await viewerWrites("instagram", ig.id);
    const other = await sim.createAccount({ platform: "instagram", name: "other" });
    const stranger = await sendJson("instagram", `${other.id}/messages`, other.token, text(viewer.id));
    expect(stranger.body.error).toMatchObject({
      code: 100,
      error_subcode: 2018001,
      message: "No matching user found",
    });
    const unknown = await sendJson("instagram", `${ig.id}/messages`, ig.token, text("99999999"));
    expect(unknown.body.error).toMatchObject({ code: 100, error_subcode: 2018001 });
    const foreign = await sendJson("instagram", `${ig.id}/messages`, other.token, text(viewer.id));
    expect(foreign.body.error).toMatchObject({ code: 100, error_subcode: 33 });
    for (const bad of [
      { message: { text: "no recipient" } },
      { recipient: { id: viewer.id } },
      { recipient: { id: viewer.id }, message: { text: "" } },
      { recipient: { id: viewer.id }, message: { text: "x".repeat(2001) } },
      { ...text(viewer.id), messaging_type: "MESSAGE_TAG" },
      { ...text(viewer.id), messaging_type: "MESSAGE_TAG", tag: "CONFIRMED_EVENT_UPDATE" },
      { recipient: { id: viewer.id }, message: { attachment: { type: "image", payload: {} } } },
    ]) {
      const refused = await sendJson("instagram", `${ig.id}/messages`, ig.token, bad);
      expect(refused.status, JSON.stringify(bad)).toBe(400);
      expect(refused.body.error.code, JSON.stringify(refused.body)).toBe(100);
      expect(refused.body.error.message).toMatch(/^\(#100\)/);
    }
    expect(await messages()).toEqual([]);
  });

  it("handles a send whose answer is lost (hang after) once, and a failed send not at all", async () => {
    const { viewer } = await viewerWrites("instagram", ig.id);
    await sim.fault({ kind: "error", platform: "instagram", operation: "send_message", code: 2, count: 1 });
    const failed = await sendJson("instagram", `${ig.id}/messages`, ig.token, text(viewer.id, "first"));
    expect(failed.status).toBe(500);
    expect(await messages()).toEqual([]);

    await sim.fault({
      kind: "hang",
      platform: "instagram",
      operation: "send_message",
      when: "after",
      hangMs: 100,
      count: 1,
    });
    await expect(
      sendJson("instagram", `${ig.id}/messages`, ig.token, text(viewer.id, "lost")),
    ).rejects.toThrow();
    const ledger = await messages();
    expect(ledger.map((m) => m.text)).toEqual(["lost"]);
    expect((await sim.control("GET", "calls")).body.data["instagram.send_message"]).toBe(2);
  });

  it("echoes each accepted send to the callback when subscribed to messages", async () => {
    const subscribed = await sim.control("POST", "webhooks", {
      callbackUrl: `${receiver.base}/meta`,
      verifyToken: receiver.verifyToken,
    });
    expect(subscribed.body.subscription.fields).toEqual(["story_insights", "messages"]);
    const { viewer } = await viewerWrites("instagram", ig.id);
    const sent = await sendJson("instagram", `${ig.id}/messages`, ig.token, text(viewer.id, "echo me"));
    const echo = await waitFor(
      async () => receiver.received.find((r) => r.body.includes(sent.body.message_id)),
      5_000,
      "the echo",
    );
    expect(echo.headers["x-hub-signature-256"]).toBe(
      `sha256=${createHmac("sha256", SECRET).update(echo.body).digest("hex")}`,
    );
    expect(JSON.parse(echo.body)).toEqual({
      object: "instagram",
      entry: [
        {
          id: ig.id,
          time: expect.any(Number),
          messaging: [
            {
              sender: { id: ig.id },
              recipient: { id: viewer.id },
              timestamp: expect.any(Number),
              message: { mid: sent.body.message_id, is_echo: true, text: "echo me" },
            },
          ],
        },
      ],
    });
    const listed = (await sim.control("GET", "webhooks")).body.deliveries;
    expect(listed.filter((d: Json) => d.field === "messages")).toHaveLength(2);

    // Subscribed to story_insights alone: no messaging deliveries at all.
    await sim.control("POST", "webhooks", {
      callbackUrl: `${receiver.base}/meta`,
      verifyToken: receiver.verifyToken,
      fields: ["story_insights"],
    });
    await sendJson("instagram", `${ig.id}/messages`, ig.token, text(viewer.id, "quiet"));
    await viewerWrites("instagram", ig.id, { id: viewer.id });
    expect((await sim.control("GET", "webhooks")).body.deliveries).toHaveLength(2);
  });
});

describe("user profiles", () => {
  it("answers a person's profile to the accounts they wrote to, with a generated avatar", async () => {
    const { viewer } = await viewerWrites("instagram", ig.id, { name: "Ada Lovelace", username: "ada" });
    const profile = await sim.graph(
      "instagram",
      "GET",
      viewer.id,
      { fields: "name,username,profile_pic" },
      { token: ig.token },
    );
    expect(profile.status, JSON.stringify(profile.body)).toBe(200);
    expect(profile.body).toEqual({
      id: viewer.id,
      name: "Ada Lovelace",
      username: "ada",
      profile_pic: `${sim.base}/_sim/avatars/${viewer.id}.svg`,
    });
    const avatar = await fetch(profile.body.profile_pic);
    expect(avatar.headers.get("content-type")).toMatch(/^image\/svg\+xml/);
    expect(await avatar.text()).toContain(">AL</text>");

    const fan = (await viewerWrites("facebook", page.id, { name: "Grace Brewster Hopper" })).viewer;
    const fb = await sim.graph(
      "facebook",
      "GET",
      fan.id,
      { fields: "first_name,last_name,profile_pic" },
      { token: page.token },
    );
    expect(fb.body).toEqual({
      id: fan.id,
      first_name: "Grace",
      last_name: "Brewster Hopper",
      profile_pic: expect.stringContaining(`/_sim/avatars/${fan.id}.svg`),
    });

    const other = await sim.createAccount({ platform: "instagram", name: "other" });
    const hidden = await sim.graph("instagram", "GET", viewer.id, { fields: "name" }, { token: other.token });
    expect(hidden.body.error).toMatchObject({ code: 100, error_subcode: 33 });
    await sim.fault({ kind: "error", platform: "instagram", operation: "user_profile", code: 1, count: 1 });
    expect((await sim.graph("instagram", "GET", viewer.id, {}, { token: ig.token })).status).toBe(500);
  });
});

describe("WAHA chat sends", () => {
  const key = "waha-send-key-123";
  let session: Json;
  beforeEach(async () => {
    session = await sim.createAccount({ platform: "whatsapp", id: "brand-wa", token: key });
  });

  it("sends text and images from a WORKING session, with no window, into the ledger", async () => {
    const { viewer } = await viewerWrites("whatsapp", session.id);
    expect(viewer.id).toMatch(/^\d+@c\.us$/);
    await sim.advance(30 * DAY);
    const sent = await sim.waha("POST", "api/sendText", key, {
      session: session.id,
      chatId: viewer.id,
      text: "Hello",
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    expect(sent.body).toMatchObject({
      fromMe: true,
      to: viewer.id,
      body: "Hello",
      from: expect.stringMatching(/@c\.us$/),
    });
    expect(sent.body.id).toMatch(new RegExp(`^true_${viewer.id}_[0-9A-F]+$`));
    const image = await sim.waha("POST", "api/sendImage", key, {
      session: session.id,
      chatId: "31600000001@c.us",
      file: { mimetype: "image/jpeg", url: "https://example.com/b.jpg" },
      caption: "look",
    });
    expect(image.status, JSON.stringify(image.body)).toBe(201);
    expect(await messages("?platform=whatsapp")).toMatchObject([
      { seq: 1, recipientId: viewer.id, messageId: sent.body.id, text: "Hello", attachmentUrl: null },
      { seq: 2, recipientId: "31600000001@c.us", text: "look", attachmentUrl: "https://example.com/b.jpg" },
    ]);
  });

  it("refuses bad bodies (400), wrong keys (401) and sessions that are not WORKING (422)", async () => {
    const body = { session: session.id, chatId: "31600000001@c.us", text: "Hello" };
    expect((await sim.waha("POST", "api/sendText", key, { ...body, chatId: "not-a-chat" })).status).toBe(400);
    expect((await sim.waha("POST", "api/sendText", key, { ...body, text: "" })).status).toBe(400);
    expect((await sim.waha("POST", "api/sendText", key, { chatId: body.chatId, text: "x" })).status).toBe(
      400,
    );
    expect(
      (await sim.waha("POST", "api/sendImage", key, { ...body, file: { mimetype: "image/jpeg" } })).status,
    ).toBe(400);
    expect((await sim.waha("POST", "api/sendText", "wrong-key-123", body)).status).toBe(401);
    await sim.fault({ kind: "session_state", accountId: session.id, state: "SCAN_QR_CODE" });
    const stopped = await sim.waha("POST", "api/sendText", key, body);
    expect(stopped.status).toBe(422);
    expect(stopped.body).toMatchObject({ error: "Session status is not as expected", expected: ["WORKING"] });
    expect(await messages()).toEqual([]);
  });

  it("applies faults to send_message, with a lost answer recorded once", async () => {
    const body = { session: session.id, chatId: "31600000001@c.us", text: "Hello" };
    await sim.fault({
      kind: "http_status",
      platform: "whatsapp",
      operation: "send_message",
      status: 502,
      count: 1,
    });
    expect((await sim.waha("POST", "api/sendText", key, body)).status).toBe(502);
    await sim.fault({
      kind: "hang",
      platform: "whatsapp",
      operation: "send_message",
      when: "after",
      hangMs: 100,
      count: 1,
    });
    await expect(sim.waha("POST", "api/sendText", key, body)).rejects.toThrow();
    expect(await messages()).toHaveLength(1);
  });
});
