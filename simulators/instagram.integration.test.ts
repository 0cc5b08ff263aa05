import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { jpeg, mp4, png } from "@/test/media/media-fixtures";
import { type MediaServer, startMediaServer } from "@/test/simulators/media-server";
import {
  DAY,
  HOUR,
  type Json,
  startTestSimulator,
  type TestSimulator,
  waitFor,
} from "@/test/simulators/sim-client";

let sim: TestSimulator;
let media: MediaServer;
let account: { id: string; token: string };
let seed = 0;

const imageUrl = () => media.serve(`/story-${++seed}.jpg`, jpeg({ seed }), "image/jpeg");

beforeAll(async () => {
  sim = await startTestSimulator({
    mediaFetchTimeoutMs: 300,
    instagram: { imageProcessingMs: 1_000, videoProcessingMs: 20_000, quotaTotal: 3, containersPerWindow: 6 },
  });
  media = await startMediaServer();
});

afterAll(async () => {
  await sim.close();
  await media.close();
});

beforeEach(async () => {
  await sim.control("POST", "reset");
  account = await sim.createAccount({ platform: "instagram", name: "acme" });
});

const ig = (
  method: "GET" | "POST",
  path: string,
  params: Record<string, string | undefined> = {},
  token = account.token,
) => sim.graph("instagram", method, path, params, { token });

async function createImageContainer(url = imageUrl()): Promise<string> {
  const created = await ig("POST", `${account.id}/media`, { media_type: "STORIES", image_url: url });
  expect(created.status, JSON.stringify(created.body)).toBe(200);
  return created.body.id;
}

async function statusOf(container: string) {
  return (await ig("GET", container, { fields: "status_code,status" })).body;
}

async function waitForStatus(container: string, code: string) {
  return waitFor(
    async () => {
      const body = await statusOf(container);
      return body.status_code === code ? body : undefined;
    },
    5_000,
    `container ${container} to reach ${code}`,
  );
}

describe("Instagram story containers", () => {
  it("goes IN_PROGRESS → FINISHED after the image processing time and publishes once", async () => {
    const container = await createImageContainer();
    expect(await statusOf(container)).toMatchObject({ id: container, status_code: "IN_PROGRESS" });

    const early = await ig("POST", `${account.id}/media_publish`, { creation_id: container });
    expect(early.status).toBe(400);
    expect(early.body.error).toMatchObject({ code: 9007, error_subcode: 2207027, type: "OAuthException" });
    expect(early.body.error.fbtrace_id).toEqual(expect.any(String));

    await sim.advance(1_000);
    expect((await statusOf(container)).status_code).toBe("FINISHED");

    const published = await ig("POST", `${account.id}/media_publish`, { creation_id: container });
    expect(published.status).toBe(200);
    expect(published.body.id).toMatch(/^\d+$/);
    expect((await statusOf(container)).status_code).toBe("PUBLISHED");

    const again = await ig("POST", `${account.id}/media_publish`, { creation_id: container });
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe(9);
    expect(await sim.ledger()).toHaveLength(1);
  });

  it("records a ledger entry with the media hash, source and both timestamps", async () => {
    const bytes = jpeg({ seed: 4242 });
    const url = media.serve("/ledger.jpg", bytes, "image/jpeg");
    const container = await createImageContainer(url);
    await sim.advance(1_000);
    const before = (await sim.control("GET", "clock")).body.now;
    const published = await ig("POST", `${account.id}/media_publish`, { creation_id: container });
    const [entry] = await sim.ledger();
    const { createHash } = await import("node:crypto");
    expect(entry).toMatchObject({
      platform: "instagram",
      accountId: account.id,
      externalId: published.body.id,
      containerId: container,
      mediaType: "image",
      mediaSha256: createHash("sha256").update(bytes).digest("hex"),
      sourceUrl: url,
    });
    expect(entry.receivedAt).toBeGreaterThanOrEqual(before);
    expect(entry.publishedAt).toBeGreaterThanOrEqual(entry.receivedAt);
  });

  it("takes mention stickers as user_tags: kept on the story, in the ledger and on the phone", async () => {
    const tags = [
      { username: "acme.partner", x: 0.25, y: 0.4 },
      { username: "jo_smith", x: 1, y: 0 },
    ];
    const created = await ig("POST", `${account.id}/media`, {
      media_type: "STORIES",
      image_url: imageUrl(),
      user_tags: JSON.stringify(tags),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    await sim.advance(1_000);
    const published = await ig("POST", `${account.id}/media_publish`, { creation_id: created.body.id });
    expect(published.status).toBe(200);

    const [entry] = await sim.ledger();
    expect(entry.userTags).toEqual(tags);
    const page = await sim.raw("/");
    expect(page.body).toContain('data-username="acme.partner" style="left:25%;top:40%">@acme.partner</span>');
    expect(page.body).toContain('data-username="jo_smith" style="left:100%;top:0%">@jo_smith</span>');
  });

  it.each([
    ["not JSON", "acme", "must be a JSON array"],
    ["not an array", JSON.stringify({ username: "acme", x: 0, y: 0 }), "must be a JSON array"],
    ["a bad username", JSON.stringify([{ username: "no spaces", x: 0, y: 0 }]), "user_tags[0][username]"],
    ["x past the edge", JSON.stringify([{ username: "acme", x: 1.2, y: 0 }]), "user_tags[0][x]"],
    ["y missing", JSON.stringify([{ username: "acme", x: 0.5 }]), "user_tags[0][y]"],
    [
      "too many tags",
      JSON.stringify(Array.from({ length: 21 }, () => ({ username: "a", x: 0, y: 0 }))),
      "at most 20",
    ],
  ])("refuses user_tags that are %s with (#100) and creates no container", async (_name, userTags, says) => {
    const created = await ig("POST", `${account.id}/media`, {
      media_type: "STORIES",
      image_url: imageUrl(),
      user_tags: userTags,
    });
    expect(created.status).toBe(400);
    expect(created.body.error.code).toBe(100);
    expect(created.body.error.message).toContain(says);
    // The refused call used none of the container allowance: the next one is the first.
    const ok = await createImageContainer();
    expect(ok).toMatch(/^\d+$/);
  });

  it("lists live stories and answers media fields, and drops them after 24 h", async () => {
    const container = await createImageContainer();
    await sim.advance(1_000);
    const { body } = await ig("POST", `${account.id}/media_publish`, { creation_id: container });
    const stories = await ig("GET", `${account.id}/stories`, {
      fields: "id,media_type,media_product_type,timestamp",
    });
    expect(stories.body.data).toEqual([
      expect.objectContaining({ id: body.id, media_type: "IMAGE", media_product_type: "STORY" }),
    ]);
    expect(stories.body.data[0].timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/);
    const fields = await ig("GET", body.id, { fields: "media_url,permalink,username" });
    expect(fields.body).toMatchObject({ id: body.id, username: "acme" });
    expect((await sim.raw(new URL(fields.body.media_url).pathname)).status).toBe(200);

    await sim.advance(DAY);
    expect((await ig("GET", `${account.id}/stories`)).body.data).toEqual([]);
  });

  it("processes video slower than images and finishes a 10 s MP4", async () => {
    const url = media.serve("/ten.mp4", mp4({ durationSeconds: 10 }), "video/mp4");
    const created = await ig("POST", `${account.id}/media`, { media_type: "STORIES", video_url: url });
    expect(created.status).toBe(200);
    await waitFor(async () => (media.hits("/ten.mp4") > 0 ? true : undefined));
    await sim.advance(1_000);
    expect((await statusOf(created.body.id)).status_code).toBe("IN_PROGRESS");
    await sim.advance(19_000);
    await waitForStatus(created.body.id, "FINISHED");
    const published = await ig("POST", `${account.id}/media_publish`, { creation_id: created.body.id });
    expect(published.status).toBe(200);
    expect((await sim.ledger())[0]).toMatchObject({ mediaType: "video", sourceUrl: url });
  });

  it.each([
    ["a 75 s video", mp4({ durationSeconds: 75 }), 2207026],
    ["a 2 s video", mp4({ durationSeconds: 2 }), 2207026],
    ["a video without faststart", mp4({ faststart: false }), 2207026],
    ["a 2560 px wide video", mp4({ width: 2560, height: 1440 }), 2207026],
    ["a VP9 video", mp4({ videoCodec: "vp09" }), 2207026],
    ["a 15 fps video", mp4({ fps: 15 }), 2207026],
    ["a JPEG sent as video", jpeg(), 2207026],
  ])("ends %s in ERROR with subcode %i", async (_name, bytes, subcode) => {
    const url = media.serve(`/bad-${++seed}.mp4`, bytes, "video/mp4");
    const created = await ig("POST", `${account.id}/media`, { media_type: "STORIES", video_url: url });
    await sim.advance(20_000);
    const status = await waitForStatus(created.body.id, "ERROR");
    expect(status.status).toContain(String(subcode));
    const publish = await ig("POST", `${account.id}/media_publish`, { creation_id: created.body.id });
    expect(publish.status).toBe(400);
    expect(await sim.ledger()).toEqual([]);
  });

  it("ends a video whose URL is unreachable in ERROR 2207052", async () => {
    const created = await ig("POST", `${account.id}/media`, {
      media_type: "STORIES",
      video_url: media.status("/gone.mp4", 404),
    });
    await sim.advance(20_000);
    expect((await waitForStatus(created.body.id, "ERROR")).status).toContain("2207052");
  });

  it("expires unpublished containers after 24 h", async () => {
    const container = await createImageContainer();
    await sim.advance(DAY);
    expect((await statusOf(container)).status_code).toBe("EXPIRED");
    const publish = await ig("POST", `${account.id}/media_publish`, { creation_id: container });
    expect(publish.body.error).toMatchObject({ code: -2, error_subcode: 2207020 });
  });

  it("answers an unknown or foreign creation_id with 24/2207006", async () => {
    const other = await sim.createAccount({ platform: "instagram" });
    const foreign = await sim.graph(
      "instagram",
      "POST",
      `${other.id}/media`,
      { media_type: "STORIES", image_url: imageUrl() },
      { token: other.token },
    );
    const publish = await ig("POST", `${account.id}/media_publish`, { creation_id: foreign.body.id });
    expect(publish.body.error).toMatchObject({ code: 24, error_subcode: 2207006 });
    const missing = await ig("POST", `${account.id}/media_publish`, {});
    expect(missing.body.error).toMatchObject({ code: 100 });
  });
});

describe("Instagram media checks on image_url", () => {
  it.each([
    ["a PNG", 36001, 2207005, () => media.serve("/x.png", png(), "image/jpeg")],
    ["a 9 MiB JPEG", 36000, 2207004, () => media.serve("/big.jpg", jpeg({ padTo: 9 * 1024 * 1024 }))],
    ["a 404", 9004, 2207052, () => media.status("/missing.jpg", 404)],
    ["a non-ASCII URL", 9004, 2207052, () => media.url("/caf\u00e9.jpg")],
    ["a URL that never answers", -2, 2207003, () => media.hang("/slow.jpg")],
  ] as const)("refuses %s with %i/%i", async (_name, code, subcode, url) => {
    const created = await ig("POST", `${account.id}/media`, { media_type: "STORIES", image_url: url() });
    expect(created.status).toBe(400);
    expect(created.body.error).toMatchObject({ code, error_subcode: subcode });
  });

  it("judges the type by the bytes, not the name or Content-Type", async () => {
    const url = media.serve("/really-a-jpeg.png", jpeg(), "image/png");
    expect((await ig("POST", `${account.id}/media`, { media_type: "STORIES", image_url: url })).status).toBe(
      200,
    );
  });

  it("checks the aspect ratio when one is configured (36003/2207009)", async () => {
    const strict = await startTestSimulator({ instagram: { imageAspect: { min: 0.5, max: 0.6 } } });
    try {
      const owner = await strict.createAccount({ platform: "instagram" });
      const url = media.serve("/landscape.jpg", jpeg({ width: 1920, height: 1080 }));
      const created = await strict.graph(
        "instagram",
        "POST",
        `${owner.id}/media`,
        { media_type: "STORIES", image_url: url },
        { token: owner.token },
      );
      expect(created.body.error).toMatchObject({ code: 36003, error_subcode: 2207009 });
    } finally {
      await strict.close();
    }
  });

  it("refuses a caption, a feed media_type and a missing source with 100", async () => {
    const url = imageUrl();
    for (const params of [
      { media_type: "STORIES", image_url: url, caption: "hi" },
      { media_type: "IMAGE", image_url: url },
      { media_type: "STORIES" },
    ]) {
      const created = await ig("POST", `${account.id}/media`, params);
      expect(created.body.error.code).toBe(100);
    }
  });
});

describe("Instagram resumable upload", () => {
  it("accepts the video bytes in chunks on the rupload host with an OAuth header", async () => {
    const created = await ig("POST", `${account.id}/media`, {
      media_type: "STORIES",
      upload_type: "resumable",
    });
    expect(created.body.uri).toBe(`${sim.base}/rupload/ig-api-upload/v25.0/${created.body.id}`);
    const bytes = mp4({ durationSeconds: 12 });
    const half = Math.floor(bytes.length / 2);
    const upload = (chunk: Buffer, offset: number) =>
      fetch(created.body.uri, {
        method: "POST",
        headers: {
          authorization: `OAuth ${account.token}`,
          offset: String(offset),
          file_size: String(bytes.length),
        },
        body: new Uint8Array(chunk),
      });
    expect((await upload(bytes.subarray(0, half), 0)).status).toBe(200);
    const wrongOffset = await upload(bytes.subarray(half), 1);
    expect(wrongOffset.status).toBe(400);
    expect((await wrongOffset.json()).debug_info.type).toBe("OffsetMismatchError");
    expect((await upload(bytes.subarray(half), half)).status).toBe(200);
    await sim.advance(20_000);
    await waitForStatus(created.body.id, "FINISHED");
    const published = await ig("POST", `${account.id}/media_publish`, { creation_id: created.body.id });
    expect(published.status).toBe(200);
    expect((await sim.ledger())[0]).toMatchObject({ sourceUrl: null, mediaType: "video" });
  });

  it("downloads a file_url header and refuses a bad token", async () => {
    const created = await ig("POST", `${account.id}/media`, {
      media_type: "STORIES",
      upload_type: "resumable",
    });
    const url = media.serve("/resumable.mp4", mp4());
    const denied = await fetch(created.body.uri, {
      method: "POST",
      headers: { authorization: "OAuth nope", file_url: url },
    });
    expect(denied.status).toBe(401);
    const ok = await fetch(created.body.uri, {
      method: "POST",
      headers: { authorization: `OAuth ${account.token}`, file_url: url },
    });
    expect(await ok.json()).toMatchObject({ success: true });
    await sim.advance(20_000);
    await waitForStatus(created.body.id, "FINISHED");
  });
});

describe("Instagram publishing limits", () => {
  async function publishOne() {
    const container = await createImageContainer();
    await sim.advance(1_000);
    return ig("POST", `${account.id}/media_publish`, { creation_id: container });
  }

  it("enforces the rolling 24 h quota at publish with 9/2207042 and frees it as the window moves", async () => {
    for (let i = 0; i < 3; i++) expect((await publishOne()).status).toBe(200);
    const limit = await ig("GET", `${account.id}/content_publishing_limit`, { fields: "quota_usage,config" });
    expect(limit.body).toEqual({
      data: [{ quota_usage: 3, config: { quota_total: 3, quota_duration: 86400 } }],
    });

    const refused = await publishOne();
    expect(refused.body.error).toMatchObject({ code: 9, error_subcode: 2207042 });
    expect(await sim.ledger()).toHaveLength(3);

    await sim.advance(DAY - 3_000);
    const freed = await ig("GET", `${account.id}/content_publishing_limit`);
    expect(freed.body.data[0].quota_usage).toBeLessThan(3);
    expect((await publishOne()).status).toBe(200);
  });

  it("takes the quota total from the account when given", async () => {
    const big = await sim.createAccount({ platform: "instagram", quotaTotal: 50 });
    const limit = await sim.graph(
      "instagram",
      "GET",
      `${big.id}/content_publishing_limit`,
      { fields: "config" },
      { token: big.token },
    );
    expect(limit.body.data[0].config.quota_total).toBe(50);
  });

  it("caps container creation per rolling 24 h", async () => {
    for (let i = 0; i < 6; i++) await createImageContainer();
    const refused = await ig("POST", `${account.id}/media`, { media_type: "STORIES", image_url: imageUrl() });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe(9);
    await sim.advance(DAY);
    await createImageContainer();
  });
});

describe("Instagram insights", () => {
  it("fails with 10 under 5 viewers, grows while live, and is gone after 24 h", async () => {
    const container = await createImageContainer();
    await sim.advance(1_000);
    const { body } = await ig("POST", `${account.id}/media_publish`, { creation_id: container });
    const metrics = "reach,replies,navigation,follows,profile_visits,shares,total_interactions,views";
    const early = await ig("GET", `${body.id}/insights`, { metric: metrics });
    expect(early.body.error.code).toBe(10);

    await sim.advance(10 * 60_000);
    const first = await ig("GET", `${body.id}/insights`, {
      metric: "reach,navigation",
      breakdown: "story_navigation_action_type",
    });
    expect(first.status).toBe(200);
    const reach1 = first.body.data[0].values[0].value;
    expect(first.body.data[0]).toMatchObject({ name: "reach", period: "lifetime" });
    const actions = first.body.data[1].total_value.breakdowns[0].results.map(
      (r: { dimension_values: string[] }) => r.dimension_values[0],
    );
    expect(actions).toEqual(["TAP_FORWARD", "TAP_BACK", "TAP_EXIT", "SWIPE_FORWARD"]);

    await sim.advance(2 * HOUR);
    const later = await ig("GET", `${body.id}/insights`, { metric: metrics });
    expect(later.body.data).toHaveLength(8);
    expect(later.body.data[0].values[0].value).toBeGreaterThan(reach1);

    await sim.advance(DAY);
    expect((await ig("GET", `${body.id}/insights`, { metric: "reach" })).body).toEqual({ data: [] });
  });

  it("refuses unknown metrics with 100", async () => {
    const container = await createImageContainer();
    await sim.advance(1_000);
    const { body } = await ig("POST", `${account.id}/media_publish`, { creation_id: container });
    expect((await ig("GET", `${body.id}/insights`, { metric: "impressions" })).body.error.code).toBe(100);
  });
});

describe("Instagram insights over a story's day", () => {
  const ALL = "views,reach,replies,shares,follows,profile_visits,total_interactions,navigation";

  async function publishNow(): Promise<string> {
    const container = await createImageContainer();
    await sim.advance(1_000);
    const { body } = await ig("POST", `${account.id}/media_publish`, { creation_id: container });
    return body.id;
  }

  async function read(mediaId: string) {
    const { body } = await ig("GET", `${mediaId}/insights`, {
      metric: ALL,
      breakdown: "story_navigation_action_type",
    });
    const byName = Object.fromEntries(
      body.data.map((entry: Json) => [entry.name, entry.values[0].value as number]),
    ) as Record<string, number>;
    const navigation = body.data.find((entry: Json) => entry.name === "navigation");
    const actions = Object.fromEntries(
      navigation.total_value.breakdowns[0].results.map((r: Json) => [r.dimension_values[0], r.value]),
    ) as Record<string, number>;
    return { ...byName, actions } as Json;
  }

  it("grows fast in the first hours, then flattens", async () => {
    const id = await publishNow();
    const first: number[] = [];
    let at = 0;
    for (const hours of [1, 6, 12, 20, 23.5]) {
      await sim.advance(hours * HOUR - at);
      at = hours * HOUR;
      const reading = await read(id);
      // Nothing random: the same story read at the same instant says the same.
      expect(await read(id)).toEqual(reading);
      first.push(reading.reach as number);
    }
    for (let i = 1; i < first.length; i++) expect(first[i]).toBeGreaterThanOrEqual(first[i - 1] as number);
    const [h1, h6, h12, h20] = first as [number, number, number, number];
    // Most viewers come early: hours 1–6 bring far more than hours 12–20.
    expect(h6 - h1).toBeGreaterThan(10 * (h20 - h12));
    expect(h1).toBeGreaterThan(0);
  });

  it("loses viewers frame by frame across a sequence, and navigation adds up to the drop-off", async () => {
    const ids = [await publishNow(), await publishNow(), await publishNow()];
    await sim.advance(6 * HOUR);
    const frames = await Promise.all(ids.map((id) => read(id)));
    for (const [index, frame] of frames.entries()) {
      const { TAP_FORWARD, TAP_BACK, TAP_EXIT, SWIPE_FORWARD } = frame.actions as Record<string, number>;
      expect(frame.navigation).toBe(
        (TAP_FORWARD ?? 0) + (TAP_BACK ?? 0) + (TAP_EXIT ?? 0) + (SWIPE_FORWARD ?? 0),
      );
      expect(frame.views).toBeGreaterThanOrEqual(frame.reach as number);
      const next = frames[index + 1];
      if (!next) continue;
      expect(next.reach).toBeLessThan(frame.reach as number);
      // Those who tapped forward are the next frame's viewers; the others left.
      expect(TAP_FORWARD).toBe(next.reach);
      expect((TAP_EXIT ?? 0) + (SWIPE_FORWARD ?? 0)).toBe((frame.reach as number) - (next.reach as number));
    }
  });

  it("never answers with who viewed: only numbers", async () => {
    const id = await publishNow();
    await sim.advance(2 * HOUR);
    const { body } = await ig("GET", `${id}/insights`, {
      metric: ALL,
      breakdown: "story_navigation_action_type",
    });
    const text = JSON.stringify(body);
    expect(text).not.toMatch(/username|viewer_id|"user"|profile_pic/i);
  });
});

describe("Instagram insights and the usage headers", () => {
  it("tightens total_time and total_cputime faster than call_count when polling insights", async () => {
    const metered = await startTestSimulator({
      usage: { appCallsPerHour: 1_000, accountCallsPerHour: 100, insightsCost: 3 },
      instagram: { imageProcessingMs: 0 },
    });
    const served = media.serve("/metered.jpg", jpeg({ seed: 991 }), "image/jpeg");
    try {
      const owner = await metered.createAccount({ platform: "instagram" });
      const call = (method: "GET" | "POST", path: string, params: Record<string, string> = {}) =>
        metered.graph("instagram", method, path, params, { token: owner.token });
      const created = await call("POST", `${owner.id}/media`, { media_type: "STORIES", image_url: served });
      await waitFor(
        async () =>
          (await call("GET", created.body.id, { fields: "status_code" })).body.status_code === "FINISHED"
            ? true
            : undefined,
        5_000,
        "the container",
      );
      const published = await call("POST", `${owner.id}/media_publish`, { creation_id: created.body.id });
      await metered.advance(HOUR / 2);
      const usageOf = (headers: Headers) =>
        JSON.parse(headers.get("x-business-use-case-usage") ?? "{}")[owner.id][0];
      const plain = usageOf((await call("GET", `${owner.id}/content_publishing_limit`)).headers);
      const polls = [];
      for (let i = 0; i < 5; i++) {
        polls.push(
          usageOf((await call("GET", `${published.body.id}/insights`, { metric: "reach" })).headers),
        );
      }
      const last = polls.at(-1);
      // Five insights reads: five more calls, but fifteen more in time and CPU.
      expect(last.call_count - plain.call_count).toBe(5);
      expect(last.total_cputime - plain.total_cputime).toBe(15);
      expect(last.total_time).toBeGreaterThan(last.call_count);
    } finally {
      await metered.close();
    }
  });
});

describe("Instagram tokens", () => {
  it("refreshes a long-lived token once it is 24 h old, and not before", async () => {
    const young = await sim.graph(
      "instagram",
      "GET",
      "refresh_access_token",
      { grant_type: "ig_refresh_token" },
      {
        token: account.token,
        version: null,
      },
    );
    expect(young.body.error.code).toBe(100);
    await sim.advance(DAY);
    const refreshed = await sim.graph(
      "instagram",
      "GET",
      "refresh_access_token",
      { grant_type: "ig_refresh_token" },
      {
        token: account.token,
        version: null,
      },
    );
    expect(refreshed.body).toMatchObject({ token_type: "bearer", expires_in: 60 * 24 * 3600 });
    const me = await ig("GET", "me", { fields: "id,username" }, refreshed.body.access_token);
    expect(me.body).toEqual({ id: account.id, username: "acme" });
  });

  it("lets tokens expire after 60 days (190/463), and refresh no longer works", async () => {
    await sim.advance(61 * DAY);
    const me = await ig("GET", "me");
    expect(me.body.error).toMatchObject({ code: 190, error_subcode: 463 });
    const refresh = await sim.graph(
      "instagram",
      "GET",
      "refresh_access_token",
      { grant_type: "ig_refresh_token" },
      {
        token: account.token,
      },
    );
    expect(refresh.body.error).toMatchObject({ code: 190, error_subcode: 463 });
  });

  it("lets a linked page's token publish for the account (Facebook Login)", async () => {
    const page = await sim.createAccount({ platform: "facebook" });
    const linked = await sim.createAccount({ platform: "instagram", pageId: page.id });
    const created = await sim.graph(
      "facebook",
      "POST",
      `${linked.id}/media`,
      { media_type: "STORIES", image_url: imageUrl() },
      { token: page.token },
    );
    expect(created.status).toBe(200);
    const stranger = await sim.graph(
      "facebook",
      "POST",
      `${linked.id}/media`,
      { media_type: "STORIES", image_url: imageUrl() },
      {
        token: account.token,
      },
    );
    expect(stranger.body.error).toMatchObject({ code: 100, error_subcode: 33 });
  });

  it("refuses publishing without the content_publish scope (10)", async () => {
    const limited = await sim.createAccount({ platform: "instagram", scopes: ["instagram_business_basic"] });
    const created = await sim.graph(
      "instagram",
      "POST",
      `${limited.id}/media`,
      { media_type: "STORIES", image_url: imageUrl() },
      {
        token: limited.token,
      },
    );
    expect(created.body.error.code).toBe(10);
  });
});
