import { describe, expect, it } from "vitest";
import { jpeg, mp4, png } from "@/test/media/media-fixtures";
import {
  checkUntilSettled,
  expectPublisherError,
  sandboxPerTest,
  sha256,
} from "@/test/publishers/publisher-test-kit";
import { DAY, HOUR } from "@/test/simulators/sim-client";
import type { FrameInput, PublisherAccount } from "./contract";
import { INSTAGRAM_IMAGE_POLL_MS, instagramPublisher as ig } from "./instagram/instagram-publisher";

const sandbox = sandboxPerTest();
let seed = 0;

/** An Instagram account reached through either host, as a channel would hold it. */
async function connect(host: "facebook" | "instagram", extra: Record<string, unknown> = {}) {
  if (host === "instagram") {
    const created = await sandbox.sim.createAccount({ platform: "instagram", name: "acme_ig", ...extra });
    return {
      externalAccountId: created.id,
      secret: created.token,
      config: { host },
    } satisfies PublisherAccount;
  }
  // Facebook Login: the Page's token acts for the Instagram account linked to it.
  const page = await sandbox.sim.createAccount({ platform: "facebook", name: "Acme Page" });
  const created = await sandbox.sim.createAccount({
    platform: "instagram",
    name: "acme_ig",
    pageId: page.id,
    ...extra,
  });
  return { externalAccountId: created.id, secret: page.token, config: { host } } satisfies PublisherAccount;
}

function imageFrame(bytes = jpeg({ seed: ++seed })): FrameInput & { bytes: Buffer } {
  const mediaUrl = sandbox.media.serve(`/ig-${seed}-${bytes.length}.jpg`, bytes, "image/jpeg");
  return { kind: "IMAGE", mediaUrl, mimeType: "image/jpeg", bytes };
}

function videoFrame(): FrameInput & { bytes: Buffer } {
  const bytes = mp4({ seed: ++seed });
  const mediaUrl = sandbox.media.serve(`/ig-${seed}.mp4`, bytes, "video/mp4");
  return { kind: "VIDEO", mediaUrl, mimeType: "video/mp4", bytes };
}

async function ledgerOf(account: PublisherAccount) {
  return sandbox.sim.ledger(`?platform=instagram&accountId=${account.externalAccountId}`);
}

describe.each(["instagram", "facebook"] as const)("Instagram publisher on the %s host", (host) => {
  it.each(["IMAGE", "VIDEO"] as const)("publishes a %s story exactly once", async (kind) => {
    const account = await connect(host);
    const frame = kind === "IMAGE" ? imageFrame() : videoFrame();
    const { containerId } = await ig.prepare(account, frame, sandbox.endpoints);
    const since = new Date();

    expect(
      await ig.findPublished(account, containerId, frame, sandbox.endpoints, since, new Set()),
    ).toBeNull();
    expect(await checkUntilSettled(sandbox, ig, account, containerId, frame)).toEqual({ status: "ready" });

    const published = await ig.publish(account, containerId, frame, sandbox.endpoints);
    expect(published.mediaId).toMatch(/^\d+$/);
    expect(published.permalink).toContain(published.mediaId);

    const ledger = await ledgerOf(account);
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({
      externalId: published.mediaId,
      containerId,
      mediaSha256: sha256(frame.bytes),
      mediaType: kind.toLowerCase(),
    });

    expect(await ig.findPublished(account, containerId, frame, sandbox.endpoints, since, new Set())).toEqual({
      mediaId: published.mediaId,
      permalink: published.permalink,
    });
    expect(await ig.check(account, containerId, frame, sandbox.endpoints)).toEqual({ status: "published" });
  });

  it("sends mention stickers as user_tags, where they were placed; other stickers are not sent", async () => {
    const account = await connect(host);
    const mediaUrl = sandbox.media.serve(`/ig-tags-${++seed}.jpg`, jpeg({ seed }), "image/jpeg");
    const frame: FrameInput = {
      kind: "IMAGE",
      mediaUrl,
      mimeType: "image/jpeg",
      stickers: [
        { kind: "mention", username: "acme.partner", x: 0.3, y: 0.7 },
        // The pipeline leaves these out for Instagram; an adapter given one still sends no tag for it.
        { kind: "link", url: "https://example.com/sale", x: 0.5, y: 0.5 },
      ],
    };
    const { containerId } = await ig.prepare(account, frame, sandbox.endpoints);
    await checkUntilSettled(sandbox, ig, account, containerId, frame);
    await ig.publish(account, containerId, frame, sandbox.endpoints);

    const [entry] = await ledgerOf(account);
    expect(entry?.userTags).toEqual([{ username: "acme.partner", x: 0.3, y: 0.7 }]);
  });

  it("answers pending with a longer poll hint for video than for images", async () => {
    const account = await connect(host);
    const image = imageFrame();
    const video = videoFrame();
    const imageContainer = (await ig.prepare(account, image, sandbox.endpoints)).containerId;
    const videoContainer = (await ig.prepare(account, video, sandbox.endpoints)).containerId;
    const imageCheck = await ig.check(account, imageContainer, image, sandbox.endpoints);
    const videoCheck = await ig.check(account, videoContainer, video, sandbox.endpoints);
    expect(imageCheck.status).toBe("pending");
    expect(videoCheck.status).toBe("pending");
    if (imageCheck.status === "pending" && videoCheck.status === "pending") {
      expect(videoCheck.pollAfterMs).toBeGreaterThan(imageCheck.pollAfterMs);
    }
  });

  it("an image needs no status read before publishing: one published unfinished is refused before acting, with the image's poll hint", async () => {
    const account = await connect(host);
    const image = imageFrame();
    const video = videoFrame();
    const prepared = await ig.prepare(account, image, sandbox.endpoints);
    expect(prepared.checkBeforePublish).toBe(false);
    expect((await ig.prepare(account, video, sandbox.endpoints)).checkBeforePublish).toBe(true);

    // Still processing (the simulator's default 500 ms): Instagram answers 9007 / 2207027.
    const error = await expectPublisherError(
      ig.publish(account, prepared.containerId, image, sandbox.endpoints),
      "retryable",
    );
    expect(error.refused).toBe("media_not_ready");
    expect(error.platformCode).toBe("9007/2207027");
    expect(error.retryAfterMs).toBe(INSTAGRAM_IMAGE_POLL_MS);
    expect(await ledgerOf(account)).toHaveLength(0);

    await checkUntilSettled(sandbox, ig, account, prepared.containerId, image);
    const published = await ig.publish(account, prepared.containerId, image, sandbox.endpoints);
    expect((await ledgerOf(account)).map((e) => e.externalId)).toEqual([published.mediaId]);
  });

  it("says reauth_required with the platform's code when the token expired", async () => {
    const account = await connect(host);
    const owner = host === "instagram" ? "instagram" : "facebook";
    const accounts = (await sandbox.sim.control("GET", "accounts")).body.data as {
      id: string;
      token: string;
    }[];
    const tokenOwner = accounts.find((entry) => entry.token === account.secret);
    await sandbox.sim.fault({ kind: "expire_token", platform: owner, accountId: tokenOwner?.id });

    const error = await expectPublisherError(
      ig.prepare(account, imageFrame(), sandbox.endpoints),
      "reauth_required",
    );
    expect(error.platformCode).toBe("190/463");
    expect(error.advice).toBe("Reconnect Instagram: the access token expired.");
  });

  it("reads a live story's numbers: too few viewers at first, every metric while live, gone after 24 h", async () => {
    const account = await connect(host);
    const frame = imageFrame();
    const { containerId } = await ig.prepare(account, frame, sandbox.endpoints);
    await checkUntilSettled(sandbox, ig, account, containerId, frame);
    const { mediaId } = await ig.publish(account, containerId, frame, sandbox.endpoints);
    const read = () => ig.readInsights?.(account, mediaId, sandbox.endpoints);

    expect(await read()).toMatchObject({ kind: "too_few_viewers" });
    await sandbox.sim.advance(2 * HOUR);
    const live = await read();
    if (live?.kind !== "numbers") throw new Error(`expected numbers, got ${live?.kind}`);
    expect(Object.keys(live.numbers).sort()).toEqual(
      [
        "follows",
        "navigation",
        "profileVisits",
        "reach",
        "replies",
        "shares",
        "swipeForward",
        "tapBack",
        "tapExit",
        "tapForward",
        "totalInteractions",
        "views",
      ].sort(),
    );
    const n = live.numbers as Record<string, number>;
    expect(n.navigation).toBe(
      (n.tapForward ?? 0) + (n.tapBack ?? 0) + (n.tapExit ?? 0) + (n.swipeForward ?? 0),
    );
    expect(live.usage?.businessUseCases[0]?.accountId).toBe(account.externalAccountId);

    await sandbox.sim.advance(DAY);
    expect(await read()).toMatchObject({ kind: "gone" });
  });

  it("verifies the account, and refuses a wrong token as reauth_required", async () => {
    const account = await connect(host);
    expect(await ig.verifyAccount(account, sandbox.endpoints)).toMatchObject({ name: "acme_ig" });
    await expectPublisherError(
      ig.verifyAccount({ ...account, secret: "IGAAnot-a-real-token" }, sandbox.endpoints),
      "reauth_required",
    );
  });
});

describe("Instagram publisher: errors and recovery", () => {
  it("5xx from Instagram → retryable", async () => {
    const account = await connect("instagram");
    await sandbox.sim.fault({
      kind: "http_status",
      platform: "instagram",
      operation: "create_container",
      status: 503,
      count: 1,
    });
    const error = await expectPublisherError(
      ig.prepare(account, imageFrame(), sandbox.endpoints),
      "retryable",
    );
    expect(error.platformCode).toBe("HTTP 503");
    // The fault fired once: the next attempt goes through.
    expect((await ig.prepare(account, imageFrame(), sandbox.endpoints)).containerId).toMatch(/^\d+$/);
  });

  it("code 4 (app throttled) → rate_limited with a wait, and nothing published", async () => {
    const account = await connect("instagram");
    const frame = imageFrame();
    const { containerId } = await ig.prepare(account, frame, sandbox.endpoints);
    await checkUntilSettled(sandbox, ig, account, containerId, frame);
    await sandbox.sim.fault({
      kind: "error",
      platform: "instagram",
      operation: "publish",
      code: 4,
      isTransient: true,
      message: "(#4) Application request limit reached",
      count: 1,
    });
    const error = await expectPublisherError(
      ig.publish(account, containerId, frame, sandbox.endpoints),
      "rate_limited",
    );
    expect(error.platformCode).toBe("4");
    expect(error.retryAfterMs).toBeGreaterThan(0);
    expect(await ledgerOf(account)).toHaveLength(0);
  });

  it("insights without the insights permission (10, not about viewers) → reauth_required, not too few viewers", async () => {
    const account = await connect("instagram");
    await sandbox.sim.fault({
      kind: "error",
      platform: "instagram",
      operation: "insights",
      code: 10,
      message: "(#10) Application does not have permission for this action",
    });
    await expectPublisherError(
      ig.readInsights?.(account, "17900000000", sandbox.endpoints) ?? Promise.resolve(),
      "reauth_required",
    );
  });

  it("9 / 2207042 (publishing limit) → rate_limited until the 24 h window frees; the quota shows it", async () => {
    const account = await connect("instagram", { quotaTotal: 1 });
    expect(await ig.publishingQuota?.(account, sandbox.endpoints)).toEqual({
      used: 0,
      total: 1,
      windowMs: DAY,
    });
    for (const expectLimit of [false, true]) {
      const frame = imageFrame();
      const { containerId } = await ig.prepare(account, frame, sandbox.endpoints);
      await checkUntilSettled(sandbox, ig, account, containerId, frame);
      if (!expectLimit) {
        await ig.publish(account, containerId, frame, sandbox.endpoints);
        continue;
      }
      const error = await expectPublisherError(
        ig.publish(account, containerId, frame, sandbox.endpoints),
        "rate_limited",
      );
      expect(error.platformCode).toBe("9/2207042");
      expect(error.refused).toBe("publishing_limit");
      expect(error.retryAfterMs).toBe(DAY);
    }
    expect(await ig.publishingQuota?.(account, sandbox.endpoints)).toMatchObject({ used: 1, total: 1 });
    expect(await ledgerOf(account)).toHaveLength(1);
  });

  it("a container that ends in ERROR → retryable with a new container; findPublished says not live", async () => {
    const account = await connect("instagram");
    await sandbox.sim.fault({ kind: "container_error", platform: "instagram", subcode: 2207001, count: 1 });
    const frame = imageFrame();
    const { containerId } = await ig.prepare(account, frame, sandbox.endpoints);
    const since = new Date();
    const error = await expectPublisherError(
      checkUntilSettled(sandbox, ig, account, containerId, frame),
      "retryable",
    );
    expect(error).toMatchObject({ newContainerNeeded: true, platformCode: "ERROR/2207001" });
    expect(
      await ig.findPublished(account, containerId, frame, sandbox.endpoints, since, new Set()),
    ).toBeNull();
  });

  it("a video Instagram cannot use → the container errors as invalid_content", async () => {
    const account = await connect("instagram");
    const bytes = mp4({ seed: ++seed, durationSeconds: 1 });
    const frame: FrameInput = {
      kind: "VIDEO",
      mediaUrl: sandbox.media.serve("/too-short.mp4", bytes, "video/mp4"),
      mimeType: "video/mp4",
    };
    const { containerId } = await ig.prepare(account, frame, sandbox.endpoints);
    const error = await expectPublisherError(
      checkUntilSettled(sandbox, ig, account, containerId, frame),
      "invalid_content",
    );
    expect(error).toMatchObject({ platformCode: "ERROR/2207026", newContainerNeeded: true });
    expect(error.advice).toMatch(/video's format/);
  });

  it("an unpublished container expires after 24 h → retryable with a new container", async () => {
    const account = await connect("instagram");
    const frame = imageFrame();
    const { containerId } = await ig.prepare(account, frame, sandbox.endpoints);
    await sandbox.sim.advance(DAY + HOUR);
    const error = await expectPublisherError(
      ig.check(account, containerId, frame, sandbox.endpoints),
      "retryable",
    );
    expect(error).toMatchObject({ newContainerNeeded: true, platformCode: "-2/2207020" });
  });

  it("a PNG → invalid_content telling the marketer to use JPEG", async () => {
    const account = await connect("instagram");
    const frame: FrameInput = {
      kind: "IMAGE",
      mediaUrl: sandbox.media.serve("/story.png", png(), "image/png"),
      mimeType: "image/png",
    };
    const error = await expectPublisherError(
      ig.prepare(account, frame, sandbox.endpoints),
      "invalid_content",
    );
    expect(error.platformCode).toBe("36001/2207005");
    expect(error.advice).toMatch(/only JPEG/);
  });

  it("an image over 8 MB → invalid_content naming the limit", async () => {
    const account = await connect("instagram");
    const frame = imageFrame(jpeg({ seed: ++seed, padTo: 8 * 1024 * 1024 + 1 }));
    const error = await expectPublisherError(
      ig.prepare(account, frame, sandbox.endpoints),
      "invalid_content",
    );
    expect(error.platformCode).toBe("36000/2207004");
    expect(error.advice).toBe("The image is larger than Instagram's 8 MB limit.");
  });

  it("a text-only frame → invalid_content without calling Instagram", async () => {
    const account = await connect("instagram");
    await expectPublisherError(
      ig.prepare(account, { kind: "TEXT", text: "hello" }, sandbox.endpoints),
      "invalid_content",
    );
  });

  it.each([
    ["a 5xx after publishing", { kind: "http_status", status: 502 }],
    ["a timeout after publishing", { kind: "hang", hangMs: 10_000 }],
  ])("when %s loses the answer, publish() still returns the live story, once", async (_name, fault) => {
    const account = await connect("instagram");
    const frame = imageFrame();
    const { containerId } = await ig.prepare(account, frame, sandbox.endpoints);
    await checkUntilSettled(sandbox, ig, account, containerId, frame);
    await sandbox.sim.fault({
      ...fault,
      platform: "instagram",
      operation: "publish",
      when: "after",
      count: 1,
    });

    const published = await ig.publish(account, containerId, frame, { ...sandbox.endpoints, timeoutMs: 300 });
    const ledger = await ledgerOf(account);
    expect(ledger).toHaveLength(1);
    expect(published.mediaId).toBe(ledger[0].externalId);
  });

  /** An image frame prepared on the account, its container ready to publish. */
  async function prepareOne(account: PublisherAccount) {
    const frame = imageFrame();
    const { containerId } = await ig.prepare(account, frame, sandbox.endpoints);
    await checkUntilSettled(sandbox, ig, account, containerId, frame);
    return { frame, containerId };
  }

  /** Prepares a frame and publishes it on the account; what publish() answered, with its container. */
  async function publishOne(account: PublisherAccount) {
    const { frame, containerId } = await prepareOne(account);
    return {
      frame,
      containerId,
      published: await ig.publish(account, containerId, frame, sandbox.endpoints),
    };
  }

  it("reconciling, never adopts a story already tied to another frame, whatever its time says", async () => {
    const account = await connect("instagram");
    // The second frame's intent as if recorded in the second the first frame went live: by time
    // alone, the first frame's story is the earliest candidate.
    const since = new Date();
    const first = await publishOne(account);
    const second = await publishOne(account);
    const find = (taken: ReadonlySet<string>) =>
      ig.findPublished(account, second.containerId, second.frame, sandbox.endpoints, since, taken);

    expect((await find(new Set()))?.mediaId).toBe(first.published.mediaId);
    expect(await find(new Set([first.published.mediaId]))).toEqual({
      mediaId: second.published.mediaId,
      permalink: second.published.permalink,
    });
  });

  it("publish() that loses its answer never takes a neighbour's story for its own", async () => {
    const account = await connect("instagram");
    // Instagram's clock ahead of ours: the neighbour is stamped after this publish() starts, and
    // its own story two seconds after that. By time alone the neighbour's is the earliest.
    await sandbox.sim.advance(2_000);
    await publishOne(account);
    await sandbox.sim.advance(2_000);
    const { frame, containerId } = await prepareOne(account);
    await sandbox.sim.fault({
      kind: "http_status",
      status: 502,
      platform: "instagram",
      operation: "publish",
      when: "after",
      count: 1,
    });

    // Two candidates and nothing here to tell them apart: live, for the reconciliation to identify.
    await expect(ig.publish(account, containerId, frame, sandbox.endpoints)).rejects.toMatchObject({
      errorClass: "retryable",
      advice: expect.stringMatching(/already live/),
    });
    expect(await ledgerOf(account)).toHaveLength(2);
  });

  it("refreshes an Instagram Login token once it is a day old; Facebook Login tokens are not refreshed here", async () => {
    const account = await connect("instagram");
    await sandbox.sim.advance(DAY + HOUR);
    const refreshed = await ig.refreshSecret?.(account, sandbox.endpoints);
    expect(refreshed?.secret).toMatch(/^IGAA/);
    expect(refreshed?.secret).not.toBe(account.secret);
    expect(refreshed?.expiresAt?.getTime()).toBeGreaterThan(Date.now() + 50 * DAY);
    const renewed = { ...account, secret: refreshed?.secret ?? "" };
    expect(await ig.verifyAccount(renewed, sandbox.endpoints)).toMatchObject({ name: "acme_ig" });

    expect(await ig.refreshSecret?.(await connect("facebook"), sandbox.endpoints)).toBeNull();
  });
});
