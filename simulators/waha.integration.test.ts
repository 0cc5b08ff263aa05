import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { jpeg, mp4, png } from "@/test/media/media-fixtures";
import { type MediaServer, startMediaServer } from "@/test/simulators/media-server";
import { DAY, type Json, startTestSimulator, type TestSimulator } from "@/test/simulators/sim-client";

let sim: TestSimulator;
let media: MediaServer;
let session: Json;

beforeAll(async () => {
  sim = await startTestSimulator();
  media = await startMediaServer();
});

afterAll(async () => {
  await sim.close();
  await media.close();
});

beforeEach(async () => {
  await sim.control("POST", "reset");
  session = await sim.createAccount({ platform: "whatsapp", id: "acme", name: "Acme" });
});

const send = (kind: string, body: unknown, key = session.apiKey) =>
  sim.waha("POST", `api/acme/status/${kind}`, key, body);
const image = (url: string, id?: string) => ({ file: { mimetype: "image/jpeg", url }, caption: "hello", id });

describe("WAHA authentication and sessions", () => {
  it("answers 401 without or with a wrong X-Api-Key", async () => {
    const unauthorized = { message: "Unauthorized", statusCode: 401 };
    expect(await sim.waha("GET", "api/acme/status/new-message-id", undefined)).toMatchObject({
      status: 401,
      body: unauthorized,
    });
    expect(await sim.waha("GET", "api/acme/status/new-message-id", "wrong-key")).toMatchObject({
      status: 401,
      body: unauthorized,
    });
  });

  it("reports session state and lets only WORKING sessions send (422 otherwise)", async () => {
    expect((await sim.waha("GET", "api/sessions/acme", session.apiKey)).body).toMatchObject({
      name: "acme",
      status: "WORKING",
    });
    await sim.fault({
      kind: "session_state",
      platform: "whatsapp",
      accountId: "acme",
      state: "SCAN_QR_CODE",
    });
    const refused = await send("text", { text: "hi", backgroundColor: "#38b42f", font: 1 });
    expect(refused).toMatchObject({
      status: 422,
      body: {
        error: "Session status is not as expected",
        session: "acme",
        status: "SCAN_QR_CODE",
        expected: ["WORKING"],
      },
    });
    expect(await sim.ledger()).toEqual([]);
    await sim.fault({ kind: "session_state", platform: "whatsapp", accountId: "acme", state: "WORKING" });
    expect((await send("text", { text: "hi" })).status).toBe(201);
  });

  it("creates sessions in another state when asked, and 404s an unknown session to a known key", async () => {
    const cold = await sim.createAccount({ platform: "whatsapp", id: "cold", state: "STOPPED" });
    expect(cold.state).toBe("STOPPED");
    const started = await sim.waha("POST", "api/sessions/cold/start", cold.apiKey);
    expect(started.body.status).toBe("WORKING");
    expect((await sim.waha("GET", "api/sessions/nope", session.apiKey)).status).toBe(404);
  });
});

describe("WAHA statuses", () => {
  it("sends an image status with a pre-fetched id and records the WAHA id in the ledger", async () => {
    const { body: fresh } = await sim.waha("GET", "api/acme/status/new-message-id", session.apiKey);
    expect(fresh.id).toMatch(/^BAE5[0-9A-F]{12}$/);
    const url = media.serve("/status.jpg", jpeg());
    const sent = await send("image", image(url, fresh.id));
    expect(sent.status).toBe(201);
    expect(sent.body.key).toEqual({ remoteJid: "status@broadcast", fromMe: true, id: fresh.id });
    expect(await sim.ledger()).toEqual([
      expect.objectContaining({
        platform: "whatsapp",
        accountId: "acme",
        externalId: fresh.id,
        wahaId: fresh.id,
        mediaType: "image",
        sourceUrl: url,
      }),
    ]);
  });

  it("does not post a second status when an id is sent again", async () => {
    const url = media.serve("/once.jpg", jpeg());
    const first = await send("image", image(url, "RETRY-1"));
    const second = await send("image", image(url, "RETRY-1"));
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(await sim.ledger()).toHaveLength(1);
    expect(media.hits("/once.jpg")).toBe(1);
    // Without an id, every send is a new status: that is how duplicates happen.
    await send("image", image(url));
    await send("image", image(url));
    expect(await sim.ledger()).toHaveLength(3);
  });

  it("sends video statuses from a URL or base64 data and refuses videos over the limit", async () => {
    const url = media.serve("/clip.mp4", mp4({ durationSeconds: 20 }));
    expect((await send("video", { file: { mimetype: "video/mp4", url }, convert: false })).status).toBe(201);
    const data = mp4({ durationSeconds: 5, seed: 3 }).toString("base64");
    expect((await send("video", { file: { mimetype: "video/mp4", data } })).status).toBe(201);
    const long = media.serve("/long.mp4", mp4({ durationSeconds: 75 }));
    expect((await send("video", { file: { mimetype: "video/mp4", url: long } })).status).toBe(400);
    expect((await sim.ledger()).map((entry: Json) => entry.mediaType)).toEqual(["video", "video"]);
  });

  it("honours a shorter configured video limit", async () => {
    const strict = await startTestSimulator({ whatsapp: { maxVideoSeconds: 30 } });
    try {
      const s = await strict.createAccount({ platform: "whatsapp", id: "strict" });
      const url = media.serve("/forty.mp4", mp4({ durationSeconds: 40 }));
      const sent = await strict.waha("POST", "api/strict/status/video", s.apiKey, {
        file: { mimetype: "video/mp4", url },
      });
      expect(sent.status).toBe(400);
    } finally {
      await strict.close();
    }
  });

  it("refuses non-JPEG images, unreachable URLs and malformed bodies", async () => {
    expect((await send("image", image(media.serve("/x.png", png())))).status).toBe(400);
    expect((await send("image", image(media.status("/gone.jpg", 404)))).status).toBe(500);
    const malformed = await send("image", { file: { url: "http://example.invalid/x.jpg" } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.message).toEqual(
      expect.arrayContaining([expect.stringContaining("file.mimetype")]),
    );
    expect(await sim.ledger()).toEqual([]);
  });

  it("sends text statuses and deletes a status", async () => {
    const sent = await send("text", { text: "Sale today", backgroundColor: "#38b42f", font: 1, id: "TXT1" });
    expect(sent.status).toBe(201);
    const live = await sim.control("GET", "live");
    const feed = live.body.data.find((f: Json) => f.id === "acme");
    expect(feed.items).toEqual([expect.objectContaining({ kind: "text", text: "Sale today" })]);

    const deleted = await send("delete", { id: "TXT1" });
    expect(deleted.status).toBe(201);
    const [entry] = await sim.ledger();
    expect(entry.deletedAt).toEqual(expect.any(Number));
    const after = (await sim.control("GET", "live")).body.data.find((f: Json) => f.id === "acme");
    expect(after.items).toEqual([]);
  });

  it("lets statuses expire from the phone after 24 h", async () => {
    await send("text", { text: "today only" });
    await sim.advance(DAY);
    const feed = (await sim.control("GET", "live")).body.data.find((f: Json) => f.id === "acme");
    expect(feed.items).toEqual([]);
  });
});

describe("WAHA contacts and status audiences", () => {
  it("lists a session's stable sandbox contacts, pages them, and refuses another key or a stopped session", async () => {
    const { status, body } = await sim.waha("GET", "api/contacts/all?session=acme", session.apiKey);
    expect(status).toBe(200);
    expect(body).toHaveLength(30);
    expect(body[0]).toMatchObject({ id: expect.stringMatching(/^\d+@c\.us$/), isGroup: false });
    expect(new Set(body.map((c: Json) => c.id)).size).toBe(30);
    expect((await sim.waha("GET", "api/contacts/all?session=acme", session.apiKey)).body).toEqual(body);
    const page = await sim.waha("GET", "api/contacts/all?session=acme&limit=5&offset=10", session.apiKey);
    expect(page.body).toEqual(body.slice(10, 15));
    const other = await sim.createAccount({ platform: "whatsapp", id: "other" });
    const theirs = await sim.waha("GET", "api/contacts/all?session=other", other.apiKey);
    expect(theirs.body[0].id).not.toBe(body[0].id);
    expect((await sim.waha("GET", "api/contacts/all?session=acme", other.apiKey)).status).toBe(401);
    expect((await sim.waha("GET", "api/contacts/all?session=acme&limit=-1", session.apiKey)).status).toBe(
      400,
    );
    await sim.fault({ kind: "session_state", platform: "whatsapp", accountId: "acme", state: "STOPPED" });
    expect((await sim.waha("GET", "api/contacts/all?session=acme", session.apiKey)).status).toBe(422);
  });

  it("records the contacts a status was sent to exactly as sent, null for all contacts", async () => {
    const chosen = ["44700000001@c.us", "44700000002@c.us"];
    expect((await send("text", { text: "some", contacts: chosen })).status).toBe(201);
    expect((await send("text", { text: "all" })).status).toBe(201);
    expect((await send("image", { ...image(media.serve("/aud.jpg", jpeg())), contacts: null })).status).toBe(
      201,
    );
    const ledger = await sim.ledger();
    expect(ledger.map((entry: Json) => entry.contacts)).toEqual([chosen, null, null]);
  });
});
