import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestSimulator, type TestSimulator } from "@/test/simulators/sim-client";

let sim: TestSimulator;
const key = "gateway-key-0001";
const PNG_MAGIC = "89504e470d0a1a0a";

beforeAll(async () => {
  sim = await startTestSimulator();
});
afterAll(async () => {
  await sim.close();
});
beforeEach(async () => {
  await sim.control("POST", "reset");
});

async function qrBytes(
  session: string,
  apiKey = key,
): Promise<{ status: number; bytes: Buffer; type: string }> {
  const response = await fetch(`${sim.base}/waha/api/${session}/auth/qr?format=image`, {
    headers: { "x-api-key": apiKey, accept: "image/png" },
  });
  return {
    status: response.status,
    bytes: Buffer.from(await response.arrayBuffer()),
    type: response.headers.get("content-type") ?? "",
  };
}

describe("WAHA session pairing", () => {
  it("creates a session that waits for a QR scan, shows a PNG QR code, and works once scanned", async () => {
    const created = await sim.waha("POST", "api/sessions", key, { name: "shop" });
    expect(created).toMatchObject({ status: 201, body: { name: "shop", status: "SCAN_QR_CODE", me: null } });

    const qr = await qrBytes("shop");
    expect(qr.status).toBe(200);
    expect(qr.type).toContain("image/png");
    expect(qr.bytes.subarray(0, 8).toString("hex")).toBe(PNG_MAGIC);
    const asJson = await sim.raw("/waha/api/shop/auth/qr", {
      headers: { "x-api-key": key, accept: "application/json" },
    });
    expect(asJson.body).toMatchObject({ mimetype: "image/png" });
    expect(Buffer.from(asJson.body.data, "base64").equals(qr.bytes)).toBe(true);
    const raw = await sim.waha("GET", "api/shop/auth/qr?format=raw", key);
    expect(raw.body.value).toMatch(/^2@/);

    // Sending before the scan is refused like any session that is not WORKING.
    expect((await sim.waha("POST", "api/shop/status/text", key, { text: "hi" })).status).toBe(422);
    expect((await sim.waha("GET", "api/sessions/shop/me", key)).body).toBeNull();

    const scanned = await sim.control("POST", "sessions/shop/scan");
    expect(scanned).toMatchObject({ status: 200, body: { state: "WORKING", paired: true } });
    expect((await sim.waha("GET", "api/sessions/shop", key)).body.status).toBe("WORKING");
    const me = await sim.waha("GET", "api/sessions/shop/me", key);
    expect(me.body.id).toMatch(/^316\d{8}@c\.us$/);
    // No QR code once paired, and a second scan has nothing to scan.
    expect((await qrBytes("shop")).status).toBe(422);
    expect((await sim.control("POST", "sessions/shop/scan")).status).toBe(409);
    expect((await sim.waha("POST", "api/shop/status/text", key, { text: "hi" })).status).toBe(201);
  });

  it("keeps sessions to the key that created them and refuses a taken name", async () => {
    await sim.waha("POST", "api/sessions", key, { name: "shop" });
    expect((await sim.waha("POST", "api/sessions", key, { name: "shop" })).status).toBe(422);
    expect((await sim.waha("POST", "api/sessions", "other-key-0002", { name: "shop" })).status).toBe(401);
    expect((await sim.waha("GET", "api/sessions/shop", "other-key-0002")).status).toBe(401);
    expect((await qrBytes("shop", "other-key-0002")).status).toBe(401);
    expect((await sim.waha("POST", "api/sessions", "short", { name: "x" })).status).toBe(401);
    expect((await sim.waha("POST", "api/sessions", key, { name: "bad name!" })).status).toBe(400);
  });

  it("creates a stopped session when asked, and start then shows the QR code", async () => {
    const created = await sim.waha("POST", "api/sessions", key, { name: "later", start: false });
    expect(created.body.status).toBe("STOPPED");
    expect((await qrBytes("later")).status).toBe(422);
    expect((await sim.waha("POST", "api/sessions/later/start", key)).body.status).toBe("SCAN_QR_CODE");
    expect((await qrBytes("later")).status).toBe(200);
  });

  it("a logout fault fails the session until it is restarted and scanned again, with a new QR code", async () => {
    await sim.waha("POST", "api/sessions", key, { name: "shop" });
    const before = (await sim.waha("GET", "api/shop/auth/qr?format=raw", key)).body.value;
    await sim.control("POST", "sessions/shop/scan");

    expect(await sim.fault({ kind: "logout", platform: "whatsapp", accountId: "shop" })).toMatchObject({
      state: "FAILED",
    });
    const refused = await sim.waha("POST", "api/shop/status/text", key, { text: "hi" });
    expect(refused).toMatchObject({ status: 422, body: { status: "FAILED" } });

    expect((await sim.waha("POST", "api/sessions/shop/restart", key)).body.status).toBe("SCAN_QR_CODE");
    const after = (await sim.waha("GET", "api/shop/auth/qr?format=raw", key)).body.value;
    expect(after).not.toBe(before);
    await sim.control("POST", "sessions/shop/scan");
    expect((await sim.waha("GET", "api/sessions/shop", key)).body.status).toBe("WORKING");
  });

  it("logout through the API asks for a new scan; stop and start of a paired session skips it", async () => {
    await sim.waha("POST", "api/sessions", key, { name: "shop" });
    await sim.control("POST", "sessions/shop/scan");
    await sim.waha("POST", "api/sessions/shop/stop", key);
    expect((await sim.waha("POST", "api/sessions/shop/start", key)).body.status).toBe("WORKING");
    expect((await sim.waha("POST", "api/sessions/shop/logout", key)).body.status).toBe("SCAN_QR_CODE");
  });

  it("the phone page shows a waiting session's QR code with a scan button", async () => {
    await sim.waha("POST", "api/sessions", key, { name: "shop" });
    const page = await sim.raw("/");
    expect(page.body).toContain('src="/_sim/sessions/shop/qr"');
    expect(page.body).toContain('data-scan="shop"');
    const image = await fetch(`${sim.base}/_sim/sessions/shop/qr`);
    expect(
      Buffer.from(await image.arrayBuffer())
        .subarray(0, 8)
        .toString("hex"),
    ).toBe(PNG_MAGIC);
  });

  it("with a starting time, a new session is STARTING (no QR code yet) until the simulated clock passes it", async () => {
    const slow = await startTestSimulator({ whatsapp: { sessionStartingMs: 3_000 } });
    try {
      const created = await slow.waha("POST", "api/sessions", key, { name: "slow" });
      expect(created.body.status).toBe("STARTING");
      expect((await slow.waha("GET", "api/slow/auth/qr?format=raw", key)).status).toBe(422);
      await slow.control("POST", "clock", { advanceMs: 3_000 });
      expect((await slow.waha("GET", "api/sessions/slow", key)).body.status).toBe("SCAN_QR_CODE");
      expect((await slow.waha("GET", "api/slow/auth/qr?format=raw", key)).status).toBe(200);
    } finally {
      await slow.close();
    }
  });
});
