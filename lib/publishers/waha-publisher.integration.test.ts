import { describe, expect, it } from "vitest";
import { jpeg, mp4, png } from "@/test/media/media-fixtures";
import { expectPublisherError, sandboxPerTest, sha256 } from "@/test/publishers/publisher-test-kit";
import type { FrameInput, PublisherAccount } from "./contract";
import { wahaPublisher as waha } from "./whatsapp/waha-publisher";

const sandbox = sandboxPerTest();
let seed = 0;

async function connect(state?: string): Promise<PublisherAccount> {
  const session = await sandbox.sim.createAccount({ platform: "whatsapp", name: "Acme Phone", state });
  return { externalAccountId: session.id, secret: session.apiKey, config: {} };
}

function frameOf(kind: "IMAGE" | "VIDEO", bytes?: Buffer): FrameInput & { bytes: Buffer } {
  seed += 1;
  const content = bytes ?? (kind === "IMAGE" ? jpeg({ seed }) : mp4({ seed }));
  const mimeType = kind === "IMAGE" ? "image/jpeg" : "video/mp4";
  return {
    kind,
    mimeType,
    mediaUrl: sandbox.media.serve(`/wa-${seed}`, content, mimeType),
    bytes: content,
    text: "Fresh bread at 9",
  };
}

async function ledgerOf(account: PublisherAccount) {
  return sandbox.sim.ledger(`?platform=whatsapp&accountId=${account.externalAccountId}`);
}

describe("WAHA (WhatsApp Status) publisher", () => {
  it.each(["IMAGE", "VIDEO", "TEXT"] as const)("publishes a %s status exactly once", async (kind) => {
    const account = await connect();
    const text = "Open until 6 today";
    const media = kind === "TEXT" ? undefined : frameOf(kind);
    const frame: FrameInput = media ?? { kind: "TEXT", text, backgroundColor: "#ff8800" };
    const { containerId } = await waha.prepare(account, frame, sandbox.endpoints);
    expect(await waha.check(account, containerId, frame, sandbox.endpoints)).toEqual({ status: "ready" });

    const published = await waha.publish(account, containerId, frame, sandbox.endpoints);
    expect(published.mediaId).toBe(containerId);

    const ledger = await ledgerOf(account);
    expect(ledger).toHaveLength(1);
    const expectedSha = sha256(media ? media.bytes : text);
    expect(ledger[0]).toMatchObject({
      wahaId: containerId,
      mediaSha256: expectedSha,
      mediaType: kind.toLowerCase(),
    });
  });

  it("publishing twice with the same id posts one status (idempotentPublish)", async () => {
    expect(waha.idempotentPublish).toBe(true);
    const account = await connect();
    const frame = frameOf("IMAGE");
    const { containerId } = await waha.prepare(account, frame, sandbox.endpoints);
    const first = await waha.publish(account, containerId, frame, sandbox.endpoints);
    const second = await waha.publish(account, containerId, frame, sandbox.endpoints);
    expect(second).toEqual(first);
    expect(await ledgerOf(account)).toHaveLength(1);
  });

  it("findPublished cannot know (no list endpoint) and answers null, before and after", async () => {
    const account = await connect();
    const frame = frameOf("IMAGE");
    const { containerId } = await waha.prepare(account, frame, sandbox.endpoints);
    const since = new Date();
    expect(
      await waha.findPublished(account, containerId, frame, sandbox.endpoints, since, new Set()),
    ).toBeNull();
    await waha.publish(account, containerId, frame, sandbox.endpoints);
    expect(
      await waha.findPublished(account, containerId, frame, sandbox.endpoints, since, new Set()),
    ).toBeNull();
  });

  it("a lost answer is recovered by publishing again with the same id", async () => {
    const account = await connect();
    const frame = frameOf("IMAGE");
    const { containerId } = await waha.prepare(account, frame, sandbox.endpoints);
    await sandbox.sim.fault({
      kind: "http_status",
      platform: "whatsapp",
      operation: "send_image",
      status: 502,
      when: "after",
      count: 1,
    });
    const error = await expectPublisherError(
      waha.publish(account, containerId, frame, sandbox.endpoints),
      "retryable",
    );
    expect(error.platformCode).toBe("HTTP 502");
    await waha.publish(account, containerId, frame, sandbox.endpoints);
    expect(await ledgerOf(account)).toHaveLength(1);
  });

  it("a session waiting for a QR scan → reauth_required, on publish and on verify", async () => {
    const account = await connect();
    const frame = frameOf("IMAGE");
    const { containerId } = await waha.prepare(account, frame, sandbox.endpoints);
    await sandbox.sim.fault({
      kind: "session_state",
      accountId: account.externalAccountId,
      state: "SCAN_QR_CODE",
    });

    const error = await expectPublisherError(
      waha.publish(account, containerId, frame, sandbox.endpoints),
      "reauth_required",
    );
    expect(error.platformCode).toBe("HTTP 422 SCAN_QR_CODE");
    expect(error.advice).toMatch(/scan the QR code/);
    await expectPublisherError(waha.verifyAccount(account, sandbox.endpoints), "reauth_required");
    expect(await ledgerOf(account)).toHaveLength(0);
  });

  it("a starting session → retryable, not a reconnect", async () => {
    const account = await connect("STARTING");
    const frame = frameOf("IMAGE");
    const error = await expectPublisherError(
      waha.publish(account, "any-id", frame, sandbox.endpoints),
      "retryable",
    );
    expect(error.retryAfterMs).toBeGreaterThan(0);
  });

  it("verifies a working session, and refuses a wrong key as reauth_required", async () => {
    const account = await connect();
    expect(await waha.verifyAccount(account, sandbox.endpoints)).toEqual({ name: "Acme Phone" });
    const wrong = { ...account, secret: "waha_wrong_key" };
    const error = await expectPublisherError(waha.verifyAccount(wrong, sandbox.endpoints), "reauth_required");
    expect(error.platformCode).toBe("HTTP 401");
    await expectPublisherError(waha.prepare(wrong, frameOf("IMAGE"), sandbox.endpoints), "reauth_required");
  });

  it("a 5xx from the gateway → retryable", async () => {
    const account = await connect();
    await sandbox.sim.fault({
      kind: "error",
      platform: "whatsapp",
      operation: "new_message_id",
      code: 1,
      count: 1,
    });
    await expectPublisherError(waha.prepare(account, frameOf("IMAGE"), sandbox.endpoints), "retryable");
  });

  it("a PNG → invalid_content telling the marketer to use JPEG", async () => {
    const account = await connect();
    const frame = frameOf("IMAGE", png());
    const { containerId } = await waha.prepare(account, frame, sandbox.endpoints);
    const error = await expectPublisherError(
      waha.publish(account, containerId, frame, sandbox.endpoints),
      "invalid_content",
    );
    expect(error.advice).toMatch(/JPEG/);
  });

  it("uses the channel's gateway URL when the pipeline gives none, and asks for one when neither is set", async () => {
    const account = await connect();
    const { waha: gateway, ...withoutWaha } = sandbox.endpoints;
    const withConfig = { ...account, config: { gatewayUrl: gateway } };
    expect((await waha.prepare(withConfig, frameOf("IMAGE"), withoutWaha)).containerId).toEqual(
      expect.any(String),
    );
    const error = await expectPublisherError(
      waha.prepare(account, frameOf("IMAGE"), withoutWaha),
      "reauth_required",
    );
    expect(error.advice).toMatch(/gateway URL/);
  });
});

describe("WAHA status audiences", () => {
  async function sendText(account: PublisherAccount, frame: FrameInput) {
    const { containerId } = await waha.prepare(account, frame, sandbox.endpoints);
    await waha.publish(account, containerId, frame, sandbox.endpoints);
  }

  it("lists the phone's contacts and sends to all, only a list, or all except a list", async () => {
    const account = await connect();
    const contacts = await waha.listContacts?.(account, sandbox.endpoints);
    expect(contacts).toHaveLength(30);
    const ids = (contacts ?? []).map((c) => c.id);
    expect(ids.every((id) => /^\d+@c\.us$/.test(id))).toBe(true);
    const chosen = [ids[3] ?? "", ids[7] ?? ""];
    await sendText(account, { kind: "TEXT", text: "everyone" });
    await sendText(account, { kind: "TEXT", text: "some", audience: { mode: "ONLY", contactIds: chosen } });
    await sendText(account, { kind: "TEXT", text: "most", audience: { mode: "EXCEPT", contactIds: chosen } });
    const sent = (await ledgerOf(account)).map((entry: { contacts: string[] | null }) => entry.contacts);
    expect(sent).toEqual([null, chosen, ids.filter((id) => !chosen.includes(id))]);
  });

  it("refuses an 'all except' that leaves nobody, and sends nothing", async () => {
    const account = await connect();
    const ids = ((await waha.listContacts?.(account, sandbox.endpoints)) ?? []).map((c) => c.id);
    const frame: FrameInput = { kind: "TEXT", text: "nobody", audience: { mode: "EXCEPT", contactIds: ids } };
    const { containerId } = await waha.prepare(account, frame, sandbox.endpoints);
    const error = await expectPublisherError(
      waha.publish(account, containerId, frame, sandbox.endpoints),
      "invalid_content",
    );
    expect(error.platformCode).toBe("empty_audience");
    expect(await ledgerOf(account)).toEqual([]);
  });
});
