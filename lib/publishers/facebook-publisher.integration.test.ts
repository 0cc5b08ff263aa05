import { describe, expect, it } from "vitest";
import { jpeg, mp4, png } from "@/test/media/media-fixtures";
import {
  checkUntilSettled,
  expectPublisherError,
  sandboxPerTest,
  sha256,
} from "@/test/publishers/publisher-test-kit";
import type { FrameInput, PublisherAccount } from "./contract";
import { facebookPublisher as fb } from "./facebook/facebook-publisher";

const sandbox = sandboxPerTest();
let seed = 0;

async function connect(): Promise<PublisherAccount> {
  const page = await sandbox.sim.createAccount({ platform: "facebook", name: "Acme Bakery" });
  return { externalAccountId: page.id, secret: page.token, config: {} };
}

function frameOf(kind: "IMAGE" | "VIDEO", bytes?: Buffer): FrameInput & { bytes: Buffer } {
  seed += 1;
  const content = bytes ?? (kind === "IMAGE" ? jpeg({ seed }) : mp4({ seed }));
  const mimeType = kind === "IMAGE" ? "image/jpeg" : "video/mp4";
  const mediaUrl = sandbox.media.serve(`/fb-${seed}`, content, mimeType);
  return { kind, mediaUrl, mimeType, bytes: content };
}

async function ledgerOf(account: PublisherAccount) {
  return sandbox.sim.ledger(`?platform=facebook&accountId=${account.externalAccountId}`);
}

async function prepareReady(account: PublisherAccount, frame: FrameInput) {
  const { containerId } = await fb.prepare(account, frame, sandbox.endpoints);
  expect(await checkUntilSettled(sandbox, fb, account, containerId, frame)).toEqual({ status: "ready" });
  return containerId;
}

describe("Facebook Page story publisher", () => {
  it.each(["IMAGE", "VIDEO"] as const)("publishes a %s story exactly once", async (kind) => {
    const account = await connect();
    const frame = frameOf(kind);
    const { containerId } = await fb.prepare(account, frame, sandbox.endpoints);
    const since = new Date();
    expect(
      await fb.findPublished(account, containerId, frame, sandbox.endpoints, since, new Set()),
    ).toBeNull();
    expect(await checkUntilSettled(sandbox, fb, account, containerId, frame)).toEqual({ status: "ready" });

    const published = await fb.publish(account, containerId, frame, sandbox.endpoints);
    expect(published.mediaId).toBe(containerId);
    expect(published.postId).toMatch(/^\d+$/);
    expect(published.permalink).toContain(published.postId);

    const ledger = await ledgerOf(account);
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({
      externalId: published.postId,
      mediaSha256: sha256(frame.bytes),
      mediaType: kind.toLowerCase(),
    });
    expect(await fb.findPublished(account, containerId, frame, sandbox.endpoints, since, new Set())).toEqual(
      published,
    );
  });

  it("a video is pending while Facebook processes it", async () => {
    const account = await connect();
    const frame = frameOf("VIDEO");
    const { containerId } = await fb.prepare(account, frame, sandbox.endpoints);
    expect(await fb.check(account, containerId, frame, sandbox.endpoints)).toMatchObject({
      status: "pending",
    });
  });

  it("a landscape video → invalid_content when processing fails", async () => {
    const account = await connect();
    const frame = frameOf("VIDEO", mp4({ seed: ++seed, width: 1920, height: 1080 }));
    const { containerId } = await fb.prepare(account, frame, sandbox.endpoints);
    const error = await expectPublisherError(
      checkUntilSettled(sandbox, fb, account, containerId, frame),
      "invalid_content",
    );
    expect(error.platformCode).toBe("video_status/error/352");
    expect(error.advice).toMatch(/video's format/);
  });

  it("an image Facebook cannot read → invalid_content", async () => {
    const account = await connect();
    const frame = frameOf("IMAGE", Buffer.from("this is not an image"));
    const error = await expectPublisherError(
      fb.prepare(account, frame, sandbox.endpoints),
      "invalid_content",
    );
    expect(error.platformCode).toBe("324");
  });

  it("takes a PNG photo (Page stories accept more than JPEG)", async () => {
    const account = await connect();
    const frame = frameOf("IMAGE", png());
    const containerId = await prepareReady(account, frame);
    await fb.publish(account, containerId, frame, sandbox.endpoints);
    expect(await ledgerOf(account)).toHaveLength(1);
  });

  it("5xx before publishing → retryable, nothing live, and findPublished says so", async () => {
    const account = await connect();
    const frame = frameOf("IMAGE");
    const containerId = await prepareReady(account, frame);
    const since = new Date();
    await sandbox.sim.fault({
      kind: "http_status",
      platform: "facebook",
      operation: "photo_story",
      status: 500,
      count: 1,
    });
    const error = await expectPublisherError(
      fb.publish(account, containerId, frame, sandbox.endpoints),
      "retryable",
    );
    expect(error.platformCode).toBe("HTTP 500");
    expect(await ledgerOf(account)).toHaveLength(0);
    expect(
      await fb.findPublished(account, containerId, frame, sandbox.endpoints, since, new Set()),
    ).toBeNull();
  });

  it.each(["IMAGE", "VIDEO"] as const)(
    "a lost answer to a %s publish still returns the live story, once",
    async (kind) => {
      const account = await connect();
      const frame = frameOf(kind);
      const containerId = await prepareReady(account, frame);
      await sandbox.sim.fault({
        kind: "http_status",
        platform: "facebook",
        operation: kind === "IMAGE" ? "photo_story" : "video_finish",
        status: 503,
        when: "after",
        count: 1,
      });
      const published = await fb.publish(account, containerId, frame, sandbox.endpoints);
      const ledger = await ledgerOf(account);
      expect(ledger).toHaveLength(1);
      expect(published.postId).toBe(ledger[0].externalId);
    },
  );

  it("80001 (Page throttled) → rate_limited with a wait", async () => {
    const account = await connect();
    await sandbox.sim.fault({
      kind: "error",
      platform: "facebook",
      operation: "photo_upload",
      code: 80001,
      isTransient: true,
      count: 1,
    });
    const error = await expectPublisherError(
      fb.prepare(account, frameOf("IMAGE"), sandbox.endpoints),
      "rate_limited",
    );
    expect(error.retryAfterMs).toBeGreaterThan(0);
  });

  it("a failed video upload → retryable with a new upload", async () => {
    const account = await connect();
    await sandbox.sim.fault({
      kind: "error",
      platform: "facebook",
      operation: "video_upload",
      code: 1,
      isTransient: true,
      status: 500,
      count: 1,
    });
    const error = await expectPublisherError(
      fb.prepare(account, frameOf("VIDEO"), sandbox.endpoints),
      "retryable",
    );
    expect(error.newContainerNeeded).toBe(true);
  });

  it.each([
    [463, "190/463"],
    [460, "190/460"],
  ])("a token expired or revoked (%i) → reauth_required", async (subcode, code) => {
    const account = await connect();
    await sandbox.sim.fault(
      subcode === 463
        ? { kind: "expire_token", platform: "facebook", accountId: account.externalAccountId }
        : { kind: "revoke_token", platform: "facebook", accountId: account.externalAccountId, subcode },
    );
    const error = await expectPublisherError(
      fb.prepare(account, frameOf("IMAGE"), sandbox.endpoints),
      "reauth_required",
    );
    expect(error.platformCode).toBe(code);
    expect(error.advice).toMatch(/^Reconnect Facebook/);
  });

  it("verifies the Page, and refuses a wrong token as reauth_required", async () => {
    const account = await connect();
    const verified = await fb.verifyAccount(account, sandbox.endpoints);
    expect(verified.name).toBe("Acme Bakery");
    expect(verified.tokenExpiresAt?.getTime()).toBeGreaterThan(Date.now());
    await expectPublisherError(
      fb.verifyAccount({ ...account, secret: "EAAPwrong-token" }, sandbox.endpoints),
      "reauth_required",
    );
  });

  it("signs every call with appsecret_proof when the app secret is configured", async () => {
    await sandbox.restart({ requireAppSecretProof: true, appSecret: "sandbox-app-secret" });
    const account = await connect();
    const signed = { ...sandbox.endpoints, appSecret: "sandbox-app-secret" };
    const frame = frameOf("IMAGE");
    const { containerId } = await fb.prepare(account, frame, signed);
    await fb.publish(account, containerId, frame, signed);
    expect(await ledgerOf(account)).toHaveLength(1);

    const unsigned = await expectPublisherError(
      fb.prepare(account, frameOf("IMAGE"), sandbox.endpoints),
      "reauth_required",
    );
    expect(unsigned.advice).toMatch(/app secret/);
    const wrong = { ...sandbox.endpoints, appSecret: "not-the-secret" };
    await expectPublisherError(fb.verifyAccount(account, wrong), "reauth_required");
  });
});
