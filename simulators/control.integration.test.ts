import { request } from "node:http";
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

let sim: TestSimulator;
let media: MediaServer;
let account: Json;
let seed = 0;

beforeAll(async () => {
  sim = await startTestSimulator({ instagram: { imageProcessingMs: 0 } });
  media = await startMediaServer();
});

afterAll(async () => {
  await sim.close();
  await media.close();
});

beforeEach(async () => {
  await sim.control("POST", "reset");
  account = await sim.createAccount({ platform: "instagram", id: "17841400000000001", name: "acme" });
});

const createContainer = () =>
  sim.graph(
    "instagram",
    "POST",
    `${account.id}/media`,
    { media_type: "STORIES", image_url: media.serve(`/c-${++seed}.jpg`, jpeg({ seed })) },
    { token: account.token },
  );

const publish = (container: string) =>
  sim.graph(
    "instagram",
    "POST",
    `${account.id}/media_publish`,
    { creation_id: container },
    { token: account.token },
  );

/** A raw request whose outcome is "answered" or "dropped" (connection closed without an answer). */
function rawOutcome(path: string, timeoutMs: number): Promise<"answered" | "dropped" | "timeout"> {
  return new Promise((resolve) => {
    const req = request(`${sim.base}${path}`, { method: "GET" }, (res) => {
      res.resume();
      resolve("answered");
    });
    req.setTimeout(timeoutMs, () => {
      resolve("timeout");
      req.destroy();
    });
    req.on("error", () => resolve("dropped"));
    req.end();
  });
}

describe("control API: accounts", () => {
  it("creates accounts idempotently when an id is given, and lists them", async () => {
    const again = await sim.control("POST", "accounts", {
      platform: "instagram",
      id: account.id,
      name: "other",
    });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: account.id, token: account.token, username: "acme" });
    const page = await sim.control("POST", "accounts", {
      platform: "facebook",
      id: "5550001",
      token: "EAAPfixedpagetoken",
    });
    expect(page.status).toBe(201);
    expect(page.body).toMatchObject({
      id: "5550001",
      token: "EAAPfixedpagetoken",
      userToken: expect.any(String),
    });
    const waha = await sim.control("POST", "accounts", {
      platform: "whatsapp",
      id: "default",
      token: "waha-secret-key",
    });
    expect(waha.body).toMatchObject({ session: "default", apiKey: "waha-secret-key", state: "WORKING" });

    const list = await sim.control("GET", "accounts");
    expect(list.body.data.map((a: Json) => `${a.platform}:${a.id}`).sort()).toEqual([
      "facebook:5550001",
      "instagram:17841400000000001",
      "whatsapp:default",
    ]);
    const bad = await sim.control("POST", "accounts", { platform: "myspace" });
    expect(bad.status).toBe(400);
  });
});

describe("control API: faults", () => {
  it("fails the next N matching calls with a Graph code and subcode, then recovers", async () => {
    const { body: created } = await createContainer();
    await sim.fault({
      kind: "error",
      platform: "instagram",
      accountId: account.id,
      operation: "publish",
      count: 2,
      code: 2,
      isTransient: true,
    });
    for (let i = 0; i < 2; i++) {
      const failed = await publish(created.id);
      expect(failed.status).toBe(500);
      expect(failed.body.error).toMatchObject({ code: 2, is_transient: true });
    }
    expect((await publish(created.id)).status).toBe(200);
    expect(await sim.ledger()).toHaveLength(1);
    expect((await sim.control("GET", "faults")).body.data).toEqual([]);
    expect((await sim.control("GET", "calls")).body.data["instagram.publish"]).toBe(3);
  });

  it("fails a fraction of calls, evenly", async () => {
    await sim.fault({
      kind: "error",
      platform: "instagram",
      operation: "create_container",
      fraction: 0.5,
      code: 1,
    });
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await createContainer()).status);
    expect(statuses).toEqual([200, 500, 200, 500, 200, 500]);
    expect((await sim.control("GET", "faults")).body.data[0]).toMatchObject({ matched: 6, fired: 3 });
  });

  it("matches only the given account and operation", async () => {
    await sim.fault({ kind: "error", platform: "instagram", accountId: "someone-else", code: 1 });
    await sim.fault({ kind: "error", platform: "instagram", operation: "insights", code: 1 });
    expect((await createContainer()).status).toBe(200);
  });

  it("answers with a bare HTTP status", async () => {
    await sim.fault({
      kind: "http_status",
      platform: "instagram",
      operation: "container_status",
      status: 503,
      count: 1,
    });
    const { body } = await createContainer();
    const failed = await sim.graph(
      "instagram",
      "GET",
      body.id,
      { fields: "status_code" },
      { token: account.token },
    );
    expect(failed).toMatchObject({ status: 503, body: "Service Unavailable" });
  });

  it("shapes errors like the host: WAHA and rupload bodies", async () => {
    const session = await sim.createAccount({ platform: "whatsapp", id: "s1" });
    await sim.fault({
      kind: "error",
      platform: "whatsapp",
      operation: "new_message_id",
      code: 7,
      message: "engine down",
    });
    const failed = await sim.waha("GET", "api/s1/status/new-message-id", session.apiKey);
    expect(failed).toMatchObject({ status: 500, body: { statusCode: 500, message: "engine down" } });
  });

  it("adds latency", async () => {
    await sim.fault({
      kind: "latency",
      platform: "instagram",
      operation: "create_container",
      latencyMs: 150,
      count: 1,
    });
    const started = performance.now();
    expect((await createContainer()).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it("hangs past a client's timeout, then drops the connection", async () => {
    await sim.fault({ kind: "hang", platform: "instagram", operation: "me", hangMs: 200, count: 1 });
    const path = `/instagram/v25.0/me?access_token=${account.token}`;
    expect(await rawOutcome(path, 5_000)).toBe("dropped");
    expect(await rawOutcome(path, 5_000)).toBe("answered");
  });

  it("applies an 'after' fault: the publish takes effect but its answer is lost", async () => {
    const { body: created } = await createContainer();
    await sim.fault({
      kind: "hang",
      when: "after",
      platform: "instagram",
      operation: "publish",
      hangMs: 100,
      count: 1,
    });
    await expect(publish(created.id)).rejects.toThrow();
    // The story went live anyway: a publisher must look before it publishes again.
    expect(await sim.ledger()).toHaveLength(1);
    const status = await sim.graph(
      "instagram",
      "GET",
      created.id,
      { fields: "status_code" },
      { token: account.token },
    );
    expect(status.body.status_code).toBe("PUBLISHED");
    expect((await publish(created.id)).status).toBe(400);
    expect(await sim.ledger()).toHaveLength(1);
  });

  it("replaces the answer of a call that took effect with an error", async () => {
    const { body: created } = await createContainer();
    await sim.fault({
      kind: "error",
      when: "after",
      platform: "instagram",
      operation: "publish",
      code: 1,
      count: 1,
    });
    expect((await publish(created.id)).status).toBe(500);
    expect(await sim.ledger()).toHaveLength(1);
  });

  it("makes a container end in ERROR with a chosen subcode", async () => {
    await sim.fault({ kind: "container_error", platform: "instagram", subcode: 2207001, count: 1 });
    const { body: broken } = await createContainer();
    const status = await sim.graph(
      "instagram",
      "GET",
      broken.id,
      { fields: "status_code,status" },
      { token: account.token },
    );
    expect(status.body.status_code).toBe("ERROR");
    expect(status.body.status).toContain("2207001");
    const { body: fine } = await createContainer();
    expect((await publish(fine.id)).status).toBe(200);
  });

  it("clears all faults with DELETE and rejects unknown operations", async () => {
    await sim.fault({ kind: "error", platform: "instagram", code: 1 });
    await sim.control("DELETE", "faults");
    expect((await createContainer()).status).toBe(200);
    const typo = await sim.control("POST", "faults", {
      kind: "error",
      platform: "instagram",
      operation: "pubilsh",
      code: 1,
    });
    expect(typo.status).toBe(400);
  });
});

describe("control API: clock, ledger, reset, phone page", () => {
  it("advances simulated time and never goes back", async () => {
    const before = (await sim.control("GET", "clock")).body;
    const after = await sim.advance(DAY);
    expect(after.offsetMs).toBe(before.offsetMs + DAY);
    expect(after.now - before.now).toBeGreaterThanOrEqual(DAY);
    expect((await sim.control("POST", "clock", { advanceMs: -1 })).status).toBe(400);
  });

  it("filters the ledger by platform and account", async () => {
    const { body } = await createContainer();
    await publish(body.id);
    const session = await sim.createAccount({ platform: "whatsapp", id: "s2" });
    await sim.waha("POST", "api/s2/status/text", session.apiKey, { text: "hi" });
    expect(await sim.ledger()).toHaveLength(2);
    expect(await sim.ledger("?platform=whatsapp")).toEqual([expect.objectContaining({ accountId: "s2" })]);
    expect(await sim.ledger(`?accountId=${account.id}`)).toEqual([
      expect.objectContaining({ platform: "instagram" }),
    ]);
  });

  it("forgets everything on reset", async () => {
    const { body } = await createContainer();
    await publish(body.id);
    await sim.advance(1000);
    await sim.fault({ kind: "latency", platform: "instagram", latencyMs: 1 });
    await sim.control("POST", "reset");
    expect(await sim.ledger()).toEqual([]);
    expect((await sim.control("GET", "accounts")).body.data).toEqual([]);
    expect((await sim.control("GET", "faults")).body.data).toEqual([]);
    expect((await sim.control("GET", "clock")).body.offsetMs).toBe(0);
  });

  it("shows live stories on the phone page and serves their media", async () => {
    const { body } = await createContainer();
    await publish(body.id);
    const [entry] = await sim.ledger();
    const page = await sim.raw("/");
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(page.body).toContain("@acme");
    expect(page.body).toContain(`/_sim/media/${entry.mediaSha256}`);
    const bytes = await fetch(`${sim.base}/_sim/media/${entry.mediaSha256}`);
    expect(bytes.headers.get("content-type")).toBe("image/jpeg");

    await sim.advance(DAY);
    const later = await sim.raw("/");
    expect(later.body).not.toContain(entry.mediaSha256);
    expect(later.body).toContain("No live stories");
  });

  it("shows one account's phone when asked for it: where a sandbox story's link leads", async () => {
    const { body } = await createContainer();
    await publish(body.id);
    await sim.createAccount({ platform: "whatsapp", id: "s3", name: "Acme WhatsApp" });
    const [entry] = await sim.ledger();
    const one = await sim.raw(`/?platform=instagram&account=${account.id}`);
    expect(one.body).toContain("@acme");
    expect(one.body).toContain(entry.mediaSha256);
    expect(one.body).not.toContain("Acme WhatsApp");
    const other = await sim.raw("/?platform=whatsapp&account=s3");
    expect(other.body).toContain("Acme WhatsApp");
    expect(other.body).not.toContain("@acme");
    expect((await sim.raw("/?platform=instagram&account=nobody")).body).toContain(
      "No instagram account nobody",
    );
  });

  it("answers health checks", async () => {
    expect(await sim.control("GET", "health")).toMatchObject({ status: 200, body: { ok: true } });
  });

  it("keeps the ledger across client crashes: it lives in the simulator", async () => {
    // A "worker" that dies mid-request (client aborts) does not undo what the simulator recorded.
    const { body } = await createContainer();
    await sim.fault({
      kind: "latency",
      platform: "instagram",
      operation: "publish",
      latencyMs: 100,
      count: 1,
    });
    const controller = new AbortController();
    const pending = fetch(`${sim.base}/instagram/v25.0/${account.id}/media_publish`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ creation_id: body.id, access_token: account.token }).toString(),
      signal: controller.signal,
    });
    // Crash only once the simulator holds the request (it is in the injected latency).
    await waitFor(async () =>
      (await sim.control("GET", "calls")).body.data["instagram.publish"] ? true : undefined,
    );
    controller.abort();
    await expect(pending).rejects.toThrow();
    const entries = await waitFor(
      async () => {
        const ledger = await sim.ledger();
        return ledger.length === 1 ? ledger : undefined;
      },
      5_000,
      "the aborted publish to land in the ledger",
    );
    expect(entries[0].containerId).toBe(body.id);
  });
});
