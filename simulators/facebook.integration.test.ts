import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { jpeg, mp4, png } from "@/test/media/media-fixtures";
import { type MediaServer, startMediaServer } from "@/test/simulators/media-server";
import { DAY, type Json, startTestSimulator, type TestSimulator } from "@/test/simulators/sim-client";

let sim: TestSimulator;
let media: MediaServer;
let page: Json;
let seed = 0;

beforeAll(async () => {
  sim = await startTestSimulator({ facebook: { videoProcessingMs: 5_000 } });
  media = await startMediaServer();
});

afterAll(async () => {
  await sim.close();
  await media.close();
});

beforeEach(async () => {
  await sim.control("POST", "reset");
  page = await sim.createAccount({ platform: "facebook", name: "Acme Page" });
});

const fb = (
  method: "GET" | "POST",
  path: string,
  params: Record<string, string | undefined> = {},
  token = page.token,
) => sim.graph("facebook", method, path, params, { token });

async function uploadPhoto(published = "false", bytes = jpeg({ seed: ++seed })) {
  const url = media.serve(`/photo-${seed}`, bytes, "image/jpeg");
  return fb("POST", `${page.id}/photos`, { url, published });
}

describe("Facebook photo stories", () => {
  it("publishes an unpublished photo as a story and records it in the ledger", async () => {
    const photo = await uploadPhoto();
    expect(photo.status).toBe(200);
    expect(Object.keys(photo.body)).toEqual(["id"]);
    const story = await fb("POST", `${page.id}/photo_stories`, { photo_id: photo.body.id });
    expect(story.body).toEqual({ success: true, post_id: expect.stringMatching(/^\d+$/) });
    const [entry] = await sim.ledger();
    expect(entry).toMatchObject({
      platform: "facebook",
      accountId: page.id,
      externalId: story.body.post_id,
      mediaType: "image",
    });
    expect(entry.sourceUrl).toContain("/photo-");
  });

  it("accepts PNG photos (JPEG is only an Instagram rule)", async () => {
    const photo = await uploadPhoto("false", png());
    expect(photo.status).toBe(200);
  });

  it("refuses a photo already used in a published post", async () => {
    const photo = await uploadPhoto("true");
    expect(photo.body.post_id).toBe(`${page.id}_${photo.body.id}`);
    const story = await fb("POST", `${page.id}/photo_stories`, { photo_id: photo.body.id });
    expect(story.body.error.code).toBe(100);
    expect(await sim.ledger()).toEqual([]);
  });

  it("refuses non-images, unreachable URLs and a missing photo_id", async () => {
    const text = media.serve("/notes.txt", Buffer.from("definitely not an image, just text"));
    expect((await fb("POST", `${page.id}/photos`, { url: text, published: "false" })).body.error.code).toBe(
      324,
    );
    const gone = media.status("/gone.jpg", 404);
    expect((await fb("POST", `${page.id}/photos`, { url: gone, published: "false" })).body.error.code).toBe(
      324,
    );
    expect((await fb("POST", `${page.id}/photo_stories`, {})).body.error.code).toBe(100);
  });

  it("refuses photos over the configured size limit", async () => {
    const small = await startTestSimulator({ facebook: { maxPhotoBytes: 4 * 1024 * 1024 } });
    try {
      const other = await small.createAccount({ platform: "facebook" });
      const url = media.serve("/big.jpg", jpeg({ padTo: 5 * 1024 * 1024 }));
      const photo = await small.graph(
        "facebook",
        "POST",
        `${other.id}/photos`,
        { url, published: "false" },
        {
          token: other.token,
        },
      );
      expect(photo.body.error.code).toBe(100);
    } finally {
      await small.close();
    }
  });

  it("needs pages_manage_posts", async () => {
    const readOnly = await sim.createAccount({ platform: "facebook", scopes: ["pages_show_list"] });
    const url = media.serve("/scoped.jpg", jpeg());
    const photo = await sim.graph(
      "facebook",
      "POST",
      `${readOnly.id}/photos`,
      { url, published: "false" },
      {
        token: readOnly.token,
      },
    );
    expect(photo.body.error.code).toBe(200);
  });
});

describe("Facebook video stories", () => {
  async function start() {
    const started = await fb("POST", `${page.id}/video_stories`, { upload_phase: "start" });
    expect(started.body).toEqual({
      video_id: expect.any(String),
      upload_url: `${sim.base}/rupload/video-upload/v25.0/${started.body.video_id}`,
    });
    return started.body as { video_id: string; upload_url: string };
  }

  const status = async (videoId: string) => (await fb("GET", videoId, { fields: "status" })).body.status;

  it("goes start → upload (file_url) → processing → ready → finish", async () => {
    const { video_id, upload_url } = await start();
    expect((await status(video_id)).uploading_phase.status).toBe("not_started");
    const bytes = mp4({ durationSeconds: 15 });
    const url = media.serve("/story.mp4", bytes, "video/mp4");
    const upload = await fetch(upload_url, {
      method: "POST",
      headers: { authorization: `OAuth ${page.token}`, file_url: url },
    });
    expect(await upload.json()).toEqual({ success: true });

    const processing = await status(video_id);
    expect(processing).toMatchObject({
      video_status: "processing",
      uploading_phase: { status: "complete", bytes_transfered: bytes.length },
      processing_phase: { status: "in_progress" },
      publishing_phase: { status: "not_started" },
    });
    await sim.advance(5_000);
    expect((await status(video_id)).video_status).toBe("ready");

    const finish = await fb("POST", `${page.id}/video_stories`, { upload_phase: "finish", video_id });
    expect(finish.body).toEqual({ success: true, post_id: expect.any(String) });
    expect((await status(video_id)).publishing_phase).toMatchObject({
      status: "complete",
      publish_status: "published",
    });
    expect(await sim.ledger()).toEqual([
      expect.objectContaining({
        platform: "facebook",
        externalId: finish.body.post_id,
        mediaType: "video",
        sourceUrl: url,
      }),
    ]);
    const again = await fb("POST", `${page.id}/video_stories`, { upload_phase: "finish", video_id });
    expect(again.body.error.code).toBe(100);
    expect(await sim.ledger()).toHaveLength(1);
  });

  it("takes the bytes with offset and file_size, and publishes when processing ends if finished early", async () => {
    const { video_id, upload_url } = await start();
    const bytes = mp4();
    const upload = await fetch(upload_url, {
      method: "POST",
      headers: { authorization: `OAuth ${page.token}`, offset: "0", file_size: String(bytes.length) },
      body: new Uint8Array(bytes),
    });
    expect(upload.status).toBe(200);
    const finish = await fb("POST", `${page.id}/video_stories`, { upload_phase: "finish", video_id });
    expect(finish.status).toBe(200);
    expect((await fb("GET", `${page.id}/stories`)).body.data).toEqual([]);
    await sim.advance(5_000);
    expect((await fb("GET", `${page.id}/stories`)).body.data).toHaveLength(1);
  });

  it.each([
    ["landscape", mp4({ width: 1920, height: 1080 })],
    ["too small", mp4({ width: 360, height: 640 })],
    ["75 s long", mp4({ durationSeconds: 75 })],
    ["20 fps", mp4({ fps: 20 })],
    ["not a video", png()],
  ])("marks a %s video as error and refuses finish with 352", async (_name, bytes) => {
    const { video_id, upload_url } = await start();
    const url = media.serve(`/bad-${++seed}.mp4`, bytes);
    await fetch(upload_url, {
      method: "POST",
      headers: { authorization: `OAuth ${page.token}`, file_url: url },
    });
    const current = await status(video_id);
    expect(current.video_status).toBe("error");
    expect(current.processing_phase.status).toBe("error");
    const finish = await fb("POST", `${page.id}/video_stories`, { upload_phase: "finish", video_id });
    expect(finish.body.error.code).toBe(352);
  });

  it("refuses finish before any upload, and a bad upload_phase", async () => {
    const { video_id } = await start();
    expect(
      (await fb("POST", `${page.id}/video_stories`, { upload_phase: "finish", video_id })).body.error.code,
    ).toBe(100);
    expect((await fb("POST", `${page.id}/video_stories`, { upload_phase: "transfer" })).body.error.code).toBe(
      100,
    );
  });
});

describe("Facebook page stories list", () => {
  it("lists stories with since/until and archives them after 24 h", async () => {
    const photo = await uploadPhoto();
    const story = await fb("POST", `${page.id}/photo_stories`, { photo_id: photo.body.id });
    const list = await fb("GET", `${page.id}/stories`);
    expect(list.body.data).toEqual([
      {
        post_id: story.body.post_id,
        status: "PUBLISHED",
        creation_time: expect.any(Number),
        media_type: "photo",
        media_id: photo.body.id,
        url: expect.stringContaining(story.body.post_id),
      },
    ]);
    const created = list.body.data[0].creation_time as number;
    expect((await fb("GET", `${page.id}/stories`, { since: String(created + 60) })).body.data).toEqual([]);
    expect((await fb("GET", `${page.id}/stories`, { until: String(created - 60) })).body.data).toEqual([]);
    expect((await fb("GET", `${page.id}/stories`, { since: String(created - 60) })).body.data).toHaveLength(
      1,
    );

    await sim.advance(DAY);
    expect((await fb("GET", `${page.id}/stories`)).body.data[0].status).toBe("ARCHIVED");
  });
});

describe("Facebook tokens and accounts", () => {
  it("lists the user's pages with their page tokens on /me/accounts", async () => {
    const accounts = await sim.graph("facebook", "GET", "me/accounts", {}, { token: page.userToken });
    expect(accounts.body.data).toEqual([
      expect.objectContaining({ id: page.id, name: "Acme Page", access_token: page.token }),
    ]);
    const me = await fb("GET", "me");
    expect(me.body).toEqual({ id: page.id, name: "Acme Page" });
  });

  it("reports validity, scopes and expiry on debug_token, also for expired tokens", async () => {
    const appToken = "100000000000001|storyrelay-simulator-secret";
    const valid = await sim.graph(
      "facebook",
      "GET",
      "debug_token",
      { input_token: page.token },
      { token: appToken },
    );
    expect(valid.body.data).toMatchObject({
      is_valid: true,
      type: "PAGE",
      scopes: expect.arrayContaining(["pages_manage_posts"]),
    });
    await sim.fault({ kind: "expire_token", platform: "facebook", accountId: page.id });
    const expired = await sim.graph(
      "facebook",
      "GET",
      "debug_token",
      { input_token: page.token },
      { token: appToken },
    );
    expect(expired.body.data).toMatchObject({ is_valid: false, error: { code: 190, subcode: 463 } });
  });

  it("exchanges a user token for a long-lived one and checks the app secret", async () => {
    const params = {
      grant_type: "fb_exchange_token",
      client_id: "100000000000001",
      client_secret: "storyrelay-simulator-secret",
      fb_exchange_token: page.userToken,
    };
    const exchanged = await sim.graph("facebook", "GET", "oauth/access_token", params);
    expect(exchanged.body).toMatchObject({ token_type: "bearer", expires_in: expect.any(Number) });
    const accounts = await sim.graph(
      "facebook",
      "GET",
      "me/accounts",
      {},
      { token: exchanged.body.access_token },
    );
    expect(accounts.body.data).toHaveLength(1);
    const wrong = await sim.graph("facebook", "GET", "oauth/access_token", {
      ...params,
      client_secret: "nope",
    });
    expect(wrong.body.error.code).toBe(1);
  });

  it("issues an app access token for the app's id and secret, and refuses a wrong secret", async () => {
    const params = {
      grant_type: "client_credentials",
      client_id: "100000000000001",
      client_secret: "storyrelay-simulator-secret",
    };
    const issued = await sim.graph("facebook", "GET", "oauth/access_token", params);
    expect(issued).toMatchObject({
      status: 200,
      body: { access_token: expect.stringMatching(/^100000000000001\|/), token_type: "bearer" },
    });
    const wrong = await sim.graph("facebook", "GET", "oauth/access_token", {
      ...params,
      client_secret: "nope",
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toMatchObject({
      code: 1,
      type: "OAuthException",
      message: "Error validating client secret.",
    });
  });

  it("hides another user's page behind 100/33", async () => {
    const other = await sim.createAccount({ platform: "facebook" });
    const photo = await sim.graph(
      "facebook",
      "POST",
      `${other.id}/photos`,
      { url: media.serve("/o.jpg", jpeg()) },
      {
        token: page.token,
      },
    );
    expect(photo.body.error).toMatchObject({ code: 100, error_subcode: 33 });
  });
});
