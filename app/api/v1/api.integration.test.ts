import { randomUUID } from "node:crypto";
import { readdir } from "node:fs/promises";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiRateLimit } from "@/lib/api-keys/api-rate-limit";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { env } from "@/lib/env";
import { deleteExpiredIdempotencyKeys } from "@/lib/idempotency/idempotent-request";
import { runImportJob } from "@/lib/import/run-import-job";
import { createLogger } from "@/lib/logger";
import { LocalDiskMediaStorage } from "@/lib/media/storage";
import { redis } from "@/lib/redis/client";
import { createWebhook } from "@/lib/webhooks/create-webhook";
import {
  makeApiKey,
  makeBrand,
  makeMediaAsset,
  makeSandboxChannels,
  makeWorkspace,
} from "@/prisma/factories";
import { type ApiTestDeps, apiPathOf, callApi, ROUTE_MODULES, setUpApiDeps } from "@/test/api/api-test-kit";
import { waitUntil } from "@/test/assert/wait-until";
import { makeConversation } from "@/test/inbox/inbox-factory";
import { jpeg } from "@/test/media/media-fixtures";
import { startMediaServer } from "@/test/simulators/media-server";
import { startMediaWorker } from "@/workers/media-worker";
import { setApiDepsForTests } from "./_lib/api-deps";
import { type RouteDef, routes } from "./_lib/routes";

const PROBLEM = "application/problem+json";

/** A complete JPEG as a File part. */
const jpegPart = () => new Uint8Array(jpeg({ width: 1080, height: 1920 }));

/** A workspace with an OWNER key, a brand in New York with the three sandbox channels, and two images. */
async function tenant() {
  const { workspace, ctx } = await makeWorkspace(db());
  const brand = await makeBrand(db(), workspace.id, { timeZone: "America/New_York" });
  const channels = await makeSandboxChannels(db(), secretBoxFromEnv(env()), brand);
  const owner = await makeApiKey(db(), workspace.id, "OWNER");
  const images = await Promise.all(
    [1, 2].map((seed) =>
      makeMediaAsset(db(), workspace.id, { kind: "IMAGE", bytes: jpeg({ seed }), mimeType: "image/jpeg" }),
    ),
  );
  return { workspace, ctx, brand, channels, owner, images };
}
type Tenant = Awaited<ReturnType<typeof tenant>>;

const storyBody = (t: Tenant, when: Record<string, unknown> = { at: "2099-03-01T09:00:00-05:00" }) => ({
  brandId: t.brand.id,
  title: "Spring menu",
  channelIds: t.channels.map((c) => c.id),
  frames: t.images.map((i) => i.id),
  when,
});

/**
 * A JPEG whose frame header claims 7-bit samples: it passes the type check at upload (a complete
 * 1200×900 JPEG), and the decoder in the workers refuses it.
 */
function brokenJpeg(): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(jpeg({ width: 1200, height: 900 }));
  const frameHeader = Buffer.from(bytes).indexOf(Buffer.from([0xff, 0xc0]));
  bytes[frameHeader + 4] = 7;
  return bytes;
}

const uploadForm = (bytes: Uint8Array<ArrayBuffer>, name: string, brandId?: string) => {
  const form = new FormData();
  form.set("file", new File([bytes], name));
  if (brandId) form.set("brandId", brandId);
  return form;
};

/** A stored asset as processing leaves it (a READY split video's parts, a FAILED file), without encoding one. */
function insertAsset(workspaceId: string, data: Partial<Prisma.MediaAssetUncheckedCreateInput>) {
  const id = randomUUID();
  return db().mediaAsset.create({
    data: {
      workspaceId,
      kind: "VIDEO",
      status: "READY",
      mimeType: "video/mp4",
      originalName: `clip-${id}.mp4`,
      sizeBytes: 1_000,
      checksum: "0".repeat(64),
      storageKey: `${workspaceId}/${id}.mp4`,
      ...data,
    },
  });
}

describe("REST API v1", () => {
  /** Only the test that follows processing runs a media worker on its media queue. */
  let api: ApiTestDeps;
  let a: Tenant;
  let b: Tenant;

  beforeAll(async () => {
    api = await setUpApiDeps();
    [a, b] = await Promise.all([tenant(), tenant()]);
  });
  afterAll(async () => {
    await api.close();
  });

  describe("authentication", () => {
    it("refuses a missing, unknown or revoked key with 401 problem+json, and records a key's last use", async () => {
      const missing = await callApi("GET", "/brands");
      expect(missing.status).toBe(401);
      expect(missing.headers.get("content-type")).toBe(PROBLEM);
      expect(missing.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect(missing.body).toMatchObject({
        status: 401,
        code: "UNAUTHENTICATED",
        instance: "/api/v1/brands",
      });

      expect((await callApi("GET", "/brands", { key: "sr_live_not-a-key" })).status).toBe(401);

      const key = await makeApiKey(db(), a.workspace.id, "VIEWER");
      expect((await callApi("GET", "/brands", { key: key.key })).status).toBe(200);
      const used = await db().apiKey.findUniqueOrThrow({ where: { id: key.id } });
      expect(used.lastUsedAt).not.toBeNull();
      await db().apiKey.update({ where: { id: key.id }, data: { revokedAt: new Date() } });
      const revoked = await callApi("GET", "/brands", { key: key.key });
      expect(revoked.status).toBe(401);
      expect(revoked.body.detail).toMatch(/revoked/);
    });
  });

  describe("brands and channels", () => {
    it("lists, creates and updates brands, recording the key as the actor", async () => {
      const list = await callApi("GET", "/brands", { key: a.owner.key });
      expect(list.status).toBe(200);
      expect(list.body).toEqual({
        data: [
          {
            id: a.brand.id,
            name: a.brand.name,
            timeZone: "America/New_York",
            approvalPolicy: "NONE",
            approvalRequired: false,
            quietHoursStart: null,
            quietHoursEnd: null,
            createdAt: a.brand.createdAt.toISOString(),
            updatedAt: expect.any(String),
          },
        ],
        nextCursor: null,
      });

      const created = await callApi("POST", "/brands", {
        key: a.owner.key,
        json: { name: "Harbour Café", timeZone: "Europe/Lisbon" },
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ name: "Harbour Café", timeZone: "Europe/Lisbon" });
      expect(created.body).not.toHaveProperty("workspaceId");
      const audit = await db().auditLog.findFirstOrThrow({
        where: { workspaceId: a.workspace.id, action: "brand.create", entityId: created.body.id },
      });
      expect(audit).toMatchObject({ actorApiKeyId: a.owner.id, actorUserId: null });

      const patched = await callApi("PATCH", `/brands/${created.body.id}`, {
        key: a.owner.key,
        json: { approvalRequired: true },
      });
      expect(patched.status).toBe(200);
      // The deprecated boolean still works for clients written before policies: true is TEAM.
      expect(patched.body).toMatchObject({
        name: "Harbour Café",
        timeZone: "Europe/Lisbon",
        approvalPolicy: "TEAM",
        approvalRequired: true,
      });
      const clientPolicy = await callApi("PATCH", `/brands/${created.body.id}`, {
        key: a.owner.key,
        json: { approvalPolicy: "TEAM_AND_CLIENT" },
      });
      expect(clientPolicy.body).toMatchObject({ approvalPolicy: "TEAM_AND_CLIENT", approvalRequired: true });
      const noneAgain = await callApi("PATCH", `/brands/${created.body.id}`, {
        key: a.owner.key,
        json: { approvalRequired: false },
      });
      expect(noneAgain.body).toMatchObject({ approvalPolicy: "NONE", approvalRequired: false });
      const unknownPolicy = await callApi("PATCH", `/brands/${created.body.id}`, {
        key: a.owner.key,
        json: { approvalPolicy: "SOMETIMES" },
      });
      expect(unknownPolicy.status).toBe(422);

      const duplicate = await callApi("POST", "/brands", {
        key: a.owner.key,
        json: { name: "Harbour Café", timeZone: "Europe/Lisbon" },
      });
      expect(duplicate.status).toBe(409);
      expect(duplicate.body.errors).toEqual([
        { field: "name", pointer: "/name", detail: "A brand with this name already exists." },
      ]);
    });

    it("answers invalid input with 422 and field paths, and changes nothing", async () => {
      const before = await db().brand.count({ where: { workspaceId: a.workspace.id } });
      const invalid = await callApi("POST", "/brands", {
        key: a.owner.key,
        json: { name: "", timeZone: "Mars/Olympus", quietHoursStart: "25:00" },
      });
      expect(invalid.status).toBe(422);
      expect(invalid.headers.get("content-type")).toBe(PROBLEM);
      expect(invalid.body).toMatchObject({
        type: "/api-reference#problem-invalid-input",
        code: "INVALID_INPUT",
      });
      expect(invalid.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual([
        "/name",
        "/quietHoursEnd",
        "/quietHoursStart",
        "/timeZone",
      ]);
      const malformed = await callApi("POST", "/brands", { key: a.owner.key, rawBody: "{not json" });
      expect(malformed.status).toBe(400);
      expect(malformed.body.code).toBe("MALFORMED_JSON");
      expect(await db().brand.count({ where: { workspaceId: a.workspace.id } })).toBe(before);
    });

    it("lists a brand's channels with their status and no secrets", async () => {
      await db().channel.update({
        where: { id: a.channels[1]?.id },
        data: { status: "NEEDS_REAUTH", statusReason: "The token expired." },
      });
      const list = await callApi("GET", `/brands/${a.brand.id}/channels`, { key: a.owner.key });
      expect(list.status).toBe(200);
      expect(list.body.data.map((c: { platform: string; status: string }) => [c.platform, c.status])).toEqual(
        [
          ["INSTAGRAM", "CONNECTED"],
          ["FACEBOOK", "NEEDS_REAUTH"],
          ["WHATSAPP", "CONNECTED"],
        ],
      );
      expect(list.body.data[1].statusReason).toBe("The token expired.");
      expect(JSON.stringify(list.body)).not.toMatch(/credential|ciphertext|config/i);
      await db().channel.update({
        where: { id: a.channels[1]?.id },
        data: { status: "CONNECTED", statusReason: null },
      });
    });
  });

  describe("plan imports", () => {
    it("checks a plan CSV by row and column and writes nothing; only a dry run is served", async () => {
      const plan = (dryRun: string) => {
        const form = new FormData();
        const lines = [
          "brand,channels,date,time,zone,frames,title,stickers",
          `${a.brand.name},${a.channels[0]?.displayName},2099-03-01,09:00,,${a.images[0]?.id},Good,1 mention @acme 0.2 0.3`,
          `${a.brand.name},Nope,2099-03-02,09:00,,${a.images[0]?.id},Bad channel,`,
        ];
        form.set("file", new File([`${lines.join("\n")}\n`], "plan.csv"));
        return callApi("POST", `/brands/${a.brand.id}/imports?dryRun=${dryRun}`, { key: a.owner.key, form });
      };
      const stories = await db().story.count({ where: { workspaceId: a.workspace.id } });
      const report = await plan("true");
      expect(report.status).toBe(200);
      expect(report.body.rows).toBe(2);
      expect(report.body.problems).toEqual([
        expect.objectContaining({
          row: 3,
          column: "channels",
          severity: "error",
          problem: `"Nope" is not a channel of ${a.brand.name}.`,
        }),
      ]);
      expect(report.body.stories).toEqual([
        expect.objectContaining({
          row: 2,
          local: "2099-03-01T09:00",
          timeZone: "America/New_York",
          title: "Good",
          stickers: [{ frame: 0, kind: "mention", username: "acme", x: 0.2, y: 0.3 }],
        }),
      ]);
      expect(report.body.stories[0].rowKey).toBeUndefined();
      const refused = await plan("false");
      expect(refused.status).toBe(422);
      expect(refused.body.errors[0].detail).toBe("The plan has errors: check it with dryRun=true.");
      expect(await db().story.count({ where: { workspaceId: a.workspace.id } })).toBe(stories);
    });

    it("imports a plan in the background (202) and answers its progress and report", async () => {
      const form = new FormData();
      const lines = [
        "brand,channels,date,time,zone,frames,title",
        `${a.brand.name},${a.channels[0]?.displayName},2099-04-01,09:00,,${a.images[0]?.id},Imported`,
      ];
      form.set("file", new File([`${lines.join("\n")}\n`], "april.csv"));
      const started = await callApi("POST", `/brands/${a.brand.id}/imports`, { key: a.owner.key, form });
      expect(started.status, JSON.stringify(started.body)).toBe(202);
      expect(started.body).toMatchObject({ status: "QUEUED", rows: 1 });
      const queued = await callApi("GET", `/imports/${started.body.id}`, { key: a.owner.key });
      expect(queued.status).toBe(200);
      expect(queued.body).toMatchObject({
        status: "QUEUED",
        fileName: "april.csv",
        rows: { total: 1, done: 0 },
      });

      // What the import worker does with the job (workers/import-worker.integration.test.ts runs it for real).
      const deps = {
        db: db(),
        queues: api.queues,
        logger: createLogger("test", "silent"),
        scheduleHorizonDays: 100 * 365,
      };
      expect(await runImportJob(deps, { importJobId: started.body.id, workspaceId: a.workspace.id })).toBe(
        "done",
      );
      const done = await callApi("GET", `/imports/${started.body.id}`, { key: a.owner.key });
      expect(done.body).toMatchObject({
        status: "DONE",
        rows: { total: 1, done: 1, created: 1 },
        failures: [],
      });
      expect(await db().story.count({ where: { workspaceId: a.workspace.id, title: "Imported" } })).toBe(1);
    });
  });

  describe("media", () => {
    it("stores a multipart upload and refuses a file that is not media", async () => {
      const form = new FormData();
      form.set("file", new File([jpegPart()], "menu.jpg", { type: "image/jpeg" }));
      form.set("brandId", a.brand.id);
      const uploaded = await callApi("POST", "/media", { key: a.owner.key, form });
      expect(uploaded.status).toBe(201);
      expect(uploaded.body).toMatchObject({
        kind: "IMAGE",
        status: "PROCESSING",
        originalName: "menu.jpg",
        brandId: a.brand.id,
      });
      expect(typeof uploaded.body.sizeBytes).toBe("number");
      expect(await api.mediaQueue.getJob(`media-${uploaded.body.id}`)).toBeDefined();

      const text = new FormData();
      text.set("file", new File(["hello"], "notes.txt", { type: "text/plain" }));
      const refused = await callApi("POST", "/media", { key: a.owner.key, form: text });
      expect(refused.status).toBe(422);
      setApiDepsForTests({ maxMediaBytes: 1_000 });
      try {
        const huge = new FormData();
        huge.set("file", new File([new Uint8Array(2 * 1024 * 1024)], "huge.jpg"));
        const tooLarge = await callApi("POST", "/media", {
          key: a.owner.key,
          form: huge,
          headers: { "content-length": String(2 * 1024 * 1024 + 200) },
        });
        expect(tooLarge.status).toBe(413);
        expect(tooLarge.body.code).toBe("PAYLOAD_TOO_LARGE");
        // Without a length (chunked), refused once the bytes read pass the limit.
        const chunked = await callApi("POST", "/media", { key: a.owner.key, form: huge });
        expect(chunked.status).toBe(413);
        expect(chunked.body.code).toBe("PAYLOAD_TOO_LARGE");
      } finally {
        setApiDepsForTests({ maxMediaBytes: env().MEDIA_MAX_BYTES });
      }
      const missing = await callApi("POST", "/media", { key: a.owner.key, form: new FormData() });
      expect(missing.status).toBe(422);
      expect(missing.body.errors[0]).toMatchObject({ field: "file" });
    });

    it("imports from a URL, and refuses loopback addresses when private URLs are not allowed", async () => {
      const origin = await startMediaServer();
      try {
        origin.serve("/media/cover.jpg", jpeg({ width: 1080, height: 1920 }), "image/jpeg");
        const imported = await callApi("POST", "/media/import", {
          key: a.owner.key,
          json: { url: origin.url("/media/cover.jpg") },
        });
        expect(imported.status).toBe(201);
        expect(imported.body).toMatchObject({ kind: "IMAGE", originalName: "cover.jpg" });

        const notFound = await callApi("POST", "/media/import", {
          key: a.owner.key,
          json: { url: origin.url("/missing.jpg") },
        });
        expect(notFound.status).toBe(422);
        expect(notFound.body.errors[0]).toMatchObject({ field: "url" });
        expect(notFound.body.detail).toMatch(/HTTP 404/);

        setApiDepsForTests({ allowPrivateUrls: false });
        const before = await db().mediaAsset.count({ where: { workspaceId: a.workspace.id } });
        for (const url of [
          origin.url("/media/cover.jpg"),
          "http://localhost:9/x.jpg",
          "http://[::1]/x.jpg",
        ]) {
          const blocked = await callApi("POST", "/media/import", { key: a.owner.key, json: { url } });
          expect(blocked.status, url).toBe(422);
          expect(blocked.body.detail, url).toMatch(/private or reserved/);
        }
        expect(await db().mediaAsset.count({ where: { workspaceId: a.workspace.id } })).toBe(before);
        expect(origin.hits("/media/cover.jpg")).toBe(1);
      } finally {
        setApiDepsForTests({ allowPrivateUrls: true });
        await origin.close();
      }
    });
  });

  describe("following media processing", () => {
    it("shows an upload PROCESSING, then READY with its story dimensions, or FAILED with the reason", async () => {
      const t = await tenant();
      const photo = await callApi("POST", "/media", {
        key: t.owner.key,
        form: uploadForm(new Uint8Array(jpeg({ width: 1200, height: 900 })), "shop.jpg", t.brand.id),
      });
      const broken = await callApi("POST", "/media", {
        key: t.owner.key,
        form: uploadForm(brokenJpeg(), "scan.jpg"),
      });
      expect([photo.status, broken.status]).toEqual([201, 201]);

      const queued = await callApi("GET", `/media/${photo.body.id}`, { key: t.owner.key });
      expect(queued.status).toBe(200);
      expect(queued.body).toEqual({
        id: photo.body.id,
        brandId: t.brand.id,
        kind: "IMAGE",
        status: "PROCESSING",
        mimeType: "image/jpeg",
        originalName: "shop.jpg",
        sizeBytes: photo.body.sizeBytes,
        width: 1200,
        height: 900,
        durationMs: null,
        checksum: photo.body.checksum,
        fit: "COVER",
        errorMessage: null,
        hasThumbnail: false,
        sourceAssetId: null,
        segmentIndex: null,
        parts: 0,
        createdAt: photo.body.createdAt,
      });

      const media = startMediaWorker({
        config: env(),
        logger: createLogger("test", "silent"),
        prefix: api.mediaPrefix,
        storage: new LocalDiskMediaStorage(api.mediaDir),
        sweep: false,
      });
      try {
        const settled = (id: string) =>
          waitUntil(
            async () => {
              const res = await callApi("GET", `/media/${id}`, { key: t.owner.key });
              return res.body.status === "PROCESSING" ? undefined : res.body;
            },
            { timeoutMs: 60_000, intervalMs: 200, what: `media ${id} to leave PROCESSING` },
          );
        expect(await settled(photo.body.id)).toMatchObject({
          status: "READY",
          mimeType: "image/jpeg",
          width: 1080,
          height: 1920,
          hasThumbnail: true,
          errorMessage: null,
        });
        const failed = await settled(broken.body.id);
        expect(failed).toMatchObject({ status: "FAILED", kind: "IMAGE", hasThumbnail: false });
        expect(failed.errorMessage).toMatch(/^This image cannot be read \(.+\)\. Export it again/);
      } finally {
        await media.close();
      }
      const listed = await callApi("GET", "/media?status=READY,FAILED&limit=100", { key: t.owner.key });
      expect(listed.body.data.map((m: { id: string }) => m.id)).toEqual(
        expect.arrayContaining([photo.body.id, broken.body.id]),
      );
    }, 90_000);

    it("lists with filters and cursor pagination, a split video's parts in order", async () => {
      const t = await tenant();
      const withBrand = await callApi("POST", "/media", {
        key: t.owner.key,
        form: uploadForm(jpegPart(), "a.jpg", t.brand.id),
      });
      const noBrand = await callApi("POST", "/media", {
        key: t.owner.key,
        form: uploadForm(jpegPart(), "b.jpg"),
      });
      // Parts are recorded in one transaction, so they share createdAt: only the order keys part them.
      const later = new Date(Date.now() + 3_600_000);
      const source = await insertAsset(t.workspace.id, { createdAt: new Date(later.getTime() - 1_000) });
      const parts = [];
      for (const segmentIndex of [2, 0, 1]) {
        parts[segmentIndex] = await insertAsset(t.workspace.id, {
          createdAt: later,
          sourceAssetId: source.id,
          segmentIndex,
        });
      }
      const failed = await insertAsset(t.workspace.id, {
        createdAt: later,
        kind: "IMAGE",
        mimeType: "image/jpeg",
        status: "FAILED",
        errorMessage: "This picture cannot be read. Export it again as JPEG or PNG.",
      });
      const ids = (res: Awaited<ReturnType<typeof callApi>>) =>
        res.body.data.map((m: { id: string }) => m.id);
      const get = (query: string) => callApi("GET", `/media${query}`, { key: t.owner.key });

      const all = await get("?limit=100");
      expect(all.status).toBe(200);
      expect(all.body.nextCursor).toBeNull();
      expect(ids(all).slice(0, 5)).toEqual([parts[0]?.id, parts[1]?.id, parts[2]?.id, failed.id, source.id]);
      expect(ids(all).slice(5, 7)).toEqual([noBrand.body.id, withBrand.body.id]);
      expect(ids(all).slice(7).sort()).toEqual(t.images.map((i) => i.id).sort());
      expect(all.body.data[1]).toMatchObject({ sourceAssetId: source.id, segmentIndex: 1, parts: 0 });
      expect(all.body.data[4]).toMatchObject({ sourceAssetId: null, segmentIndex: null, parts: 3 });
      expect(all.body.data[3]).toMatchObject({ status: "FAILED", errorMessage: failed.errorMessage });
      expect(all.body.data[0]).not.toHaveProperty("storageKey");

      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Awaited<ReturnType<typeof callApi>> = await get(
          `?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
        );
        expect(page.status).toBe(200);
        expect(page.body.data.length).toBeLessThanOrEqual(2);
        seen.push(...ids(page));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(seen).toEqual(ids(all));

      expect(ids(await get("?status=PROCESSING"))).toEqual([noBrand.body.id, withBrand.body.id]);
      expect(ids(await get("?status=FAILED,PROCESSING"))).toEqual([
        failed.id,
        noBrand.body.id,
        withBrand.body.id,
      ]);
      expect(ids(await get("?kind=VIDEO"))).toEqual([parts[0]?.id, parts[1]?.id, parts[2]?.id, source.id]);
      expect(ids(await get(`?brandId=${t.brand.id}`))).toEqual([withBrand.body.id]);
      expect(ids(await get(`?brandId=${t.brand.id}&status=READY`))).toEqual([]);
      const videoPages = await get("?kind=VIDEO&limit=3");
      expect(ids(videoPages)).toEqual([parts[0]?.id, parts[1]?.id, parts[2]?.id]);
      const rest = await get(`?kind=VIDEO&limit=3&cursor=${encodeURIComponent(videoPages.body.nextCursor)}`);
      expect(ids(rest)).toEqual([source.id]);
      expect(rest.body.nextCursor).toBeNull();

      const badCursor = await get("?cursor=nonsense");
      expect(badCursor.status).toBe(422);
      expect(badCursor.body.errors[0].field).toBe("cursor");
      const storyCursor = await get(
        `?cursor=${Buffer.from(JSON.stringify({ s: null, c: "x", i: "y" })).toString("base64url")}`,
      );
      expect(storyCursor.status).toBe(422);
      const badStatus = await get("?status=DONE");
      expect(badStatus.status).toBe(422);
      expect(badStatus.body.errors[0].field).toBe("status.0");
      expect((await get("?kind=AUDIO")).body.errors[0].field).toBe("kind.0");
      expect((await get("?limit=0")).status).toBe(422);
      const missing = await callApi("GET", "/media/nope", { key: t.owner.key });
      expect(missing.status).toBe(404);
      expect(missing.headers.get("content-type")).toBe(PROBLEM);
    });
  });

  describe("stories", () => {
    it("schedules with an ISO offset or a local time and zone, and shows every target", async () => {
      const created = await callApi("POST", "/stories", { key: a.owner.key, json: storyBody(a) });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        title: "Spring menu",
        status: "SCHEDULED",
        scheduledAt: "2099-03-01T14:00:00.000Z",
        scheduledLocal: "2099-03-01T09:00",
        timeZone: "America/New_York",
      });
      expect(created.body.frames.map((f: { position: number }) => f.position)).toEqual([0, 1]);
      expect(created.body.targets).toHaveLength(3);
      expect(created.body.targets[0]).toMatchObject({
        state: "PENDING",
        permalink: null,
        lastErrorMessage: null,
        channel: { platform: "INSTAGRAM" },
        frames: [
          { position: 0, externalMediaId: null },
          { position: 1, externalMediaId: null },
        ],
      });
      const story = await db().story.findUniqueOrThrow({ where: { id: created.body.id } });
      expect(story.authorId).toBeNull();

      const local = await callApi("POST", "/stories", {
        key: a.owner.key,
        json: storyBody(a, { local: "2099-07-01T09:00", timeZone: "Europe/Berlin" }),
      });
      expect(local.status).toBe(201);
      expect(local.body).toMatchObject({
        scheduledAt: "2099-07-01T07:00:00.000Z",
        timeZone: "Europe/Berlin",
      });

      const got = await callApi("GET", `/stories/${created.body.id}`, { key: a.owner.key });
      expect(got.status).toBe(200);
      // The create answer is the story as GET reads it, plus the checks' warnings at its time.
      const { warnings, ...createdStory } = created.body;
      expect(warnings).toEqual([]);
      expect(got.body).toEqual(createdStory);
    });

    it("schedules a text status for WhatsApp and leaves it out for the other platforms", async () => {
      const whatsapp = a.channels.find((c) => c.platform === "WHATSAPP");
      const others = a.channels.filter((c) => c.platform !== "WHATSAPP");
      const created = await callApi("POST", "/stories", {
        key: a.owner.key,
        json: {
          ...storyBody(a),
          frames: [a.images[0]?.id, { text: "Open late tonight", backgroundColor: "#1E88E5" }],
          overrides: others.map((c) => ({ channelId: c.id, frames: [0] })),
        },
      });
      expect(created.status).toBe(201);
      expect(created.body.frames).toMatchObject([
        { position: 0, mediaAsset: { kind: "IMAGE" }, text: null, backgroundColor: null },
        { position: 1, mediaAsset: null, text: "Open late tonight", backgroundColor: "#1E88E5" },
      ]);
      const target = (channelId?: string) =>
        created.body.targets.find((t: { channel: { id: string } }) => t.channel.id === channelId);
      expect(target(whatsapp?.id).frames).toHaveLength(2);
      expect(target(others[0]?.id).frames).toHaveLength(1);

      const refused = await callApi("POST", "/stories", {
        key: a.owner.key,
        json: { ...storyBody(a), frames: [{ text: "Everywhere" }] },
      });
      expect(refused.status).toBe(422);
      expect(refused.body.detail).toMatch(/Text status: Instagram Stories needs an image or a video/);
    });

    it("stores planned stickers per frame with their positions, and refuses a bad one by its path", async () => {
      const stickers = [
        { frame: 0, kind: "mention", username: "acme.partner", x: 0.25, y: 0.75 },
        { frame: 0, kind: "link", url: "https://example.com/sale", x: 0.5, y: 0.5 },
      ];
      const created = await callApi("POST", "/stories", {
        key: a.owner.key,
        json: { ...storyBody(a), stickers },
      });
      expect(created.status).toBe(201);
      expect(created.body.frames[0].stickers).toEqual(stickers.map(({ frame: _frame, ...rest }) => rest));
      const got = await callApi("GET", `/stories/${created.body.id}`, { key: a.owner.key });
      expect(got.body.frames[0].stickers).toHaveLength(2);

      const before = await db().story.count({ where: { workspaceId: a.workspace.id } });
      const refused = await callApi("POST", "/stories", {
        key: a.owner.key,
        json: { ...storyBody(a), stickers: [{ frame: 0, kind: "mention", username: "acme", x: 1.5, y: 0 }] },
      });
      expect(refused.status).toBe(422);
      expect(refused.body.errors).toEqual([
        { field: "stickers.0.x", pointer: "/stickers/0/x", detail: "x must be from 0 to 1 (right edge)." },
      ]);
      expect(await db().story.count({ where: { workspaceId: a.workspace.id } })).toBe(before);
    });

    it("refuses a bad schedule with the field's path and creates nothing", async () => {
      const before = await db().story.count({ where: { workspaceId: a.workspace.id } });
      const noOffset = await callApi("POST", "/stories", {
        key: a.owner.key,
        json: { ...storyBody(a), when: { at: "2099-03-01T09:00:00" }, channelIds: [] },
      });
      expect(noOffset.status).toBe(422);
      const fields = noOffset.body.errors.map((e: { field: string }) => e.field);
      expect(fields).toContain("channelIds");
      expect(fields.some((f: string) => f.startsWith("when"))).toBe(true);
      const past = await callApi("POST", "/stories", {
        key: a.owner.key,
        json: storyBody(a, { at: "2001-01-01T09:00:00Z" }),
      });
      expect(past.status).toBe(422);
      expect(past.body.errors).toEqual([
        { field: "when", pointer: "/when", detail: expect.stringMatching(/has passed/) },
      ]);
      expect(await db().story.count({ where: { workspaceId: a.workspace.id } })).toBe(before);
    });

    it("lists with filters and cursor pagination", async () => {
      const t = await tenant();
      const ids: string[] = [];
      for (const day of ["01", "02", "03", "04", "05"]) {
        const res = await callApi("POST", "/stories", {
          key: t.owner.key,
          json: storyBody(t, { at: `2099-05-${day}T09:00:00Z` }),
        });
        ids.push(res.body.id);
      }
      await callApi("POST", `/stories/${ids[0]}/cancel`, { key: t.owner.key });
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Awaited<ReturnType<typeof callApi>> = await callApi(
          "GET",
          `/stories?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
          { key: t.owner.key },
        );
        expect(page.status).toBe(200);
        expect(page.body.data.length).toBeLessThanOrEqual(2);
        seen.push(...page.body.data.map((s: { id: string }) => s.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(seen).toEqual([...ids].reverse());

      const scheduled = await callApi(
        "GET",
        `/stories?status=SCHEDULED&scheduledFrom=2099-05-02T00:00:00Z&scheduledBefore=2099-05-04T00:00:00Z`,
        { key: t.owner.key },
      );
      expect(scheduled.body.data.map((s: { id: string }) => s.id)).toEqual([ids[2], ids[1]]);
      const canceled = await callApi("GET", `/stories?status=CANCELED&brandId=${t.brand.id}`, {
        key: t.owner.key,
      });
      expect(canceled.body.data.map((s: { id: string }) => s.id)).toEqual([ids[0]]);
      const badCursor = await callApi("GET", "/stories?cursor=nonsense", { key: t.owner.key });
      expect(badCursor.status).toBe(422);
      expect(badCursor.body.errors[0].field).toBe("cursor");
      const badStatus = await callApi("GET", "/stories?status=SOON", { key: t.owner.key });
      expect(badStatus.status).toBe(422);
      expect(badStatus.body.errors[0].field).toBe("status.0");
    });

    it("reschedules, cancels and retries a failed target", async () => {
      const created = await callApi("POST", "/stories", { key: a.owner.key, json: storyBody(a) });
      const moved = await callApi("POST", `/stories/${created.body.id}/reschedule`, {
        key: a.owner.key,
        json: { when: { local: "2099-03-02T10:30" } },
      });
      expect(moved.status).toBe(200);
      expect(moved.body).toMatchObject({
        scheduledAt: "2099-03-02T15:30:00.000Z",
        version: created.body.version + 1,
      });

      const canceled = await callApi("POST", `/stories/${created.body.id}/cancel`, { key: a.owner.key });
      expect(canceled.status).toBe(200);
      expect(canceled.body.status).toBe("CANCELED");
      expect(canceled.body.targets.map((t: { state: string }) => t.state)).toEqual([
        "SKIPPED",
        "SKIPPED",
        "SKIPPED",
      ]);
      const again = await callApi("POST", `/stories/${created.body.id}/cancel`, { key: a.owner.key });
      expect(again.status).toBe(409);

      // A story whose Instagram target failed for good (as the pipeline leaves it).
      const failed = await callApi("POST", "/stories", { key: a.owner.key, json: storyBody(a) });
      const target = failed.body.targets[0];
      await db().storyTarget.update({
        where: { id: target.id },
        data: { state: "FAILED", lastErrorMessage: "The platform refused the image." },
      });
      await db().story.update({
        where: { id: failed.body.id },
        data: {
          status: "PARTIAL",
          scheduledAt: new Date(Date.now() - 60_000),
          freshnessDeadline: new Date(Date.now() + 3_600_000),
        },
      });
      const shown = await callApi("GET", `/stories/${failed.body.id}`, { key: a.owner.key });
      expect(shown.body.targets[0]).toMatchObject({
        state: "FAILED",
        lastErrorMessage: "The platform refused the image.",
      });
      const retried = await callApi("POST", `/stories/${failed.body.id}/targets/${target.id}/retry`, {
        key: a.owner.key,
      });
      expect(retried.status).toBe(202);
      expect(retried.body.status).toBe("PUBLISHING");
      expect(retried.body.targets[0]).toMatchObject({
        id: target.id,
        state: "PENDING",
        lastErrorMessage: null,
      });
      const notFailed = await callApi(
        "POST",
        `/stories/${failed.body.id}/targets/${failed.body.targets[1].id}/retry`,
        {
          key: a.owner.key,
        },
      );
      expect(notFailed.status).toBe(409);
    });
  });

  describe("review", () => {
    it("approves or sends back the reviewed version, refuses a stale one, and emits webhooks", async () => {
      const brand = await makeBrand(db(), a.workspace.id, { approvalPolicy: "TEAM" });
      const channels = await makeSandboxChannels(db(), secretBoxFromEnv(env()), brand);
      await createWebhook({ db: db(), box: secretBoxFromEnv(env()), allowPrivate: true }, a.ctx, {
        url: "http://127.0.0.1:9/hook",
        events: ["story.approved", "story.changes_requested"],
      });
      const body = { ...storyBody(a), brandId: brand.id, channelIds: channels.map((c) => c.id) };
      const created = await callApi("POST", "/stories", { key: a.owner.key, json: body });
      expect(created.body).toMatchObject({ status: "IN_REVIEW", version: 1 });
      const path = (verb: string) => `/stories/${created.body.id}/${verb}`;

      const approverKey = (await makeApiKey(db(), a.workspace.id, "APPROVER")).key;
      const editorKey = (await makeApiKey(db(), a.workspace.id, "EDITOR")).key;
      const forbidden = await callApi("POST", path("approve"), { key: editorKey, json: { version: 1 } });
      expect(forbidden.status).toBe(403);
      const empty = await callApi("POST", path("request-changes"), {
        key: approverKey,
        json: { version: 1, comment: "" },
      });
      expect(empty.status).toBe(422);

      const sentBack = await callApi("POST", path("request-changes"), {
        key: approverKey,
        json: { version: 1, comment: "Use the summer photo" },
      });
      expect(sentBack.status).toBe(200);
      expect(sentBack.body).toMatchObject({ status: "IN_REVIEW", version: 1, waitingFor: "team" });

      await callApi("POST", path("reschedule"), {
        key: a.owner.key,
        json: { when: { local: "2099-03-02T10:30" } },
      });
      const stale = await callApi("POST", path("approve"), { key: approverKey, json: { version: 1 } });
      expect(stale.status).toBe(409);
      expect(stale.body.detail).toBe("This story changed since you opened it: review version 2.");

      const approved = await callApi("POST", path("approve"), {
        key: approverKey,
        json: { version: 2, comment: "Good to go" },
      });
      expect(approved.status).toBe(200);
      expect(approved.body).toMatchObject({
        status: "SCHEDULED",
        version: 2,
        needsNewTime: false,
        waitingFor: null,
      });

      const events = await db().webhookDelivery.findMany({
        where: {
          workspaceId: a.workspace.id,
          eventType: { in: ["story.approved", "story.changes_requested"] },
        },
        orderBy: { createdAt: "asc" },
      });
      expect(
        events.map((e) => [e.eventType, (e.payload as { data: { review: unknown } }).data.review]),
      ).toEqual([
        [
          "story.changes_requested",
          {
            version: 1,
            comment: "Use the summer photo",
            reviewerId: null,
            reviewLinkId: null,
            reviewerName: null,
          },
        ],
        [
          "story.approved",
          { version: 2, comment: "Good to go", reviewerId: null, reviewLinkId: null, reviewerName: null },
        ],
      ]);
    });
  });

  describe("roles", () => {
    it("lets a VIEWER key read but not write, and an EDITOR key schedule but not manage brands", async () => {
      const viewer = await makeApiKey(db(), a.workspace.id, "VIEWER");
      const editor = await makeApiKey(db(), a.workspace.id, "EDITOR");
      const stories = await db().story.count({ where: { workspaceId: a.workspace.id } });
      expect((await callApi("GET", "/stories", { key: viewer.key })).status).toBe(200);
      const media = await callApi("GET", "/media", { key: viewer.key });
      expect(media.status).toBe(200);
      expect(media.body.data.map((m: { id: string }) => m.id)).toEqual(
        expect.arrayContaining(a.images.map((i) => i.id)),
      );
      const image = await callApi("GET", `/media/${a.images[0]?.id}`, { key: viewer.key });
      expect(image.body).toMatchObject({ id: a.images[0]?.id, status: "READY" });
      const refused = await callApi("POST", "/stories", { key: viewer.key, json: storyBody(a) });
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({
        code: "FORBIDDEN",
        detail: "Your role (viewer) cannot schedule stories.",
      });
      const upload = new FormData();
      upload.set("file", new File([jpegPart()], "x.jpg"));
      expect((await callApi("POST", "/media", { key: viewer.key, form: upload })).status).toBe(403);
      expect(await db().story.count({ where: { workspaceId: a.workspace.id } })).toBe(stories);

      expect((await callApi("POST", "/stories", { key: editor.key, json: storyBody(a) })).status).toBe(201);
      const brand = await callApi("POST", "/brands", {
        key: editor.key,
        json: { name: "Nope", timeZone: "UTC" },
      });
      expect(brand.status).toBe(403);
      expect(await db().brand.count({ where: { workspaceId: a.workspace.id, name: "Nope" } })).toBe(0);
    });
  });

  describe("another workspace's ids", () => {
    it("answer 404 on every endpoint that takes an id, never 403", async () => {
      const theirs = await callApi("POST", "/stories", { key: b.owner.key, json: storyBody(b) });
      const theirTarget = theirs.body.targets[0].id;
      const mine = await callApi("POST", "/stories", { key: a.owner.key, json: storyBody(a) });
      const theirImport = await db().importJob.create({
        data: {
          workspaceId: b.workspace.id,
          brandId: b.brand.id,
          fileName: "theirs.csv",
          file: new Uint8Array([1]),
        },
      });
      const theirExport = await db().dataExport.create({ data: { workspaceId: b.workspace.id } });
      const theirChannel = b.channels[0];
      if (!theirChannel) throw new Error("channels");
      const theirConversation = await makeConversation(db(), theirChannel);
      const upload = () => {
        const form = new FormData();
        form.set("file", new File([jpegPart()], "x.jpg"));
        form.set("brandId", b.brand.id);
        return form;
      };
      const probes: Record<string, () => ReturnType<typeof callApi>> = {
        updateBrand: () =>
          callApi("PATCH", `/brands/${b.brand.id}`, { key: a.owner.key, json: { name: "Mine" } }),
        listChannels: () => callApi("GET", `/brands/${b.brand.id}/channels`, { key: a.owner.key }),
        listAudienceLists: () => callApi("GET", `/brands/${b.brand.id}/audience-lists`, { key: a.owner.key }),
        startDataExport: () =>
          callApi("POST", "/exports", { key: a.owner.key, json: { brandId: b.brand.id } }),
        getDataExport: () => callApi("GET", `/exports/${theirExport.id}`, { key: a.owner.key }),
        uploadMedia: () => callApi("POST", "/media", { key: a.owner.key, form: upload() }),
        importPlan: () => {
          const form = new FormData();
          form.set(
            "file",
            new File([`brand,channels,date,time,frames\n${b.brand.name},x,2099-03-01,09:00,m\n`], "plan.csv"),
          );
          return callApi("POST", `/brands/${b.brand.id}/imports?dryRun=true`, { key: a.owner.key, form });
        },
        getImport: () => callApi("GET", `/imports/${theirImport.id}`, { key: a.owner.key }),
        importMedia: () =>
          callApi("POST", "/media/import", {
            key: a.owner.key,
            json: { url: "http://127.0.0.1:9/x.jpg", brandId: b.brand.id },
          }),
        createStory: () =>
          callApi("POST", "/stories", {
            key: a.owner.key,
            json: { ...storyBody(a), brandId: b.brand.id, channelIds: b.channels.map((c) => c.id) },
          }),
        listStories: () => callApi("GET", `/stories?brandId=${b.brand.id}`, { key: a.owner.key }),
        listMedia: () => callApi("GET", `/media?brandId=${b.brand.id}`, { key: a.owner.key }),
        listAuditEntries: () => callApi("GET", `/audit?brandId=${b.brand.id}`, { key: a.owner.key }),
        getMedia: () => callApi("GET", `/media/${b.images[0]?.id}`, { key: a.owner.key }),
        getStory: () => callApi("GET", `/stories/${theirs.body.id}`, { key: a.owner.key }),
        rescheduleStory: () =>
          callApi("POST", `/stories/${theirs.body.id}/reschedule`, {
            key: a.owner.key,
            json: { when: { local: "2099-04-01T09:00" } },
          }),
        approveStory: () =>
          callApi("POST", `/stories/${theirs.body.id}/approve`, {
            key: a.owner.key,
            json: { version: theirs.body.version },
          }),
        requestStoryChanges: () =>
          callApi("POST", `/stories/${theirs.body.id}/request-changes`, {
            key: a.owner.key,
            json: { version: theirs.body.version, comment: "Mine now" },
          }),
        cancelStory: () => callApi("POST", `/stories/${theirs.body.id}/cancel`, { key: a.owner.key }),
        listComments: () => callApi("GET", `/stories/${theirs.body.id}/comments`, { key: a.owner.key }),
        createComment: () =>
          callApi("POST", `/stories/${theirs.body.id}/comments`, {
            key: a.owner.key,
            json: { body: "Mine now" },
          }),
        retryTarget: () =>
          callApi("POST", `/stories/${theirs.body.id}/targets/${theirTarget}/retry`, { key: a.owner.key }),
        getStoryInsights: () => callApi("GET", `/stories/${theirs.body.id}/insights`, { key: a.owner.key }),
        getBrandInsights: () => callApi("GET", `/brands/${b.brand.id}/insights`, { key: a.owner.key }),
        listConversations: () => callApi("GET", `/conversations?brandId=${b.brand.id}`, { key: a.owner.key }),
        listMessages: () =>
          callApi("GET", `/conversations/${theirConversation.id}/messages`, { key: a.owner.key }),
        sendMessage: () =>
          callApi("POST", `/conversations/${theirConversation.id}/messages`, {
            key: a.owner.key,
            json: { text: "Mine now", clientId: randomUUID() },
          }),
      };
      const extra = {
        "their channel in my story": () =>
          callApi("POST", "/stories", {
            key: a.owner.key,
            json: { ...storyBody(a), channelIds: [b.channels[0]?.id] },
          }),
        "their media in my story": () =>
          callApi("POST", "/stories", {
            key: a.owner.key,
            json: { ...storyBody(a), frames: [b.images[0]?.id] },
          }),
        "their target under my story": () =>
          callApi("POST", `/stories/${mine.body.id}/targets/${theirTarget}/retry`, { key: a.owner.key }),
      };
      // Every route that takes an id in its path, query or body is probed.
      const takesIds = (Object.values(routes) as RouteDef[])
        .filter((r) => r.params || r.query?.shape.brandId || r.body)
        // Its body names no other resource.
        .filter((r) => r.operationId !== "createBrand")
        .map((r) => r.operationId);
      expect(Object.keys(probes).sort()).toEqual(takesIds.sort());

      for (const [name, probe] of Object.entries({ ...probes, ...extra })) {
        const response = await probe();
        expect(response.status, name).toBe(404);
        expect(response.headers.get("content-type"), name).toBe(PROBLEM);
      }
      const mediaOfMine = await callApi("GET", "/media?limit=100", { key: a.owner.key });
      expect(mediaOfMine.body.nextCursor).toBeNull();
      const theirMedia = await db().mediaAsset.findMany({ where: { workspaceId: b.workspace.id } });
      expect(theirMedia.length).toBeGreaterThan(0);
      for (const asset of theirMedia) {
        expect(mediaOfMine.body.data.map((m: { id: string }) => m.id)).not.toContain(asset.id);
      }
      const untouched = await db().story.findUniqueOrThrow({ where: { id: theirs.body.id } });
      expect(untouched).toMatchObject({ status: "SCHEDULED", version: theirs.body.version });
      expect((await db().brand.findUniqueOrThrow({ where: { id: b.brand.id } })).name).toBe(b.brand.name);
    });
  });

  describe("Idempotency-Key", () => {
    it("replays the first response for the same body and refuses another body with 422", async () => {
      const key = randomUUID();
      const first = await callApi("POST", "/stories", {
        key: a.owner.key,
        json: storyBody(a),
        headers: { "idempotency-key": key },
      });
      expect(first.status).toBe(201);
      expect(first.headers.get("idempotent-replayed")).toBeNull();
      const replay = await callApi("POST", "/stories", {
        key: a.owner.key,
        json: storyBody(a),
        headers: { "idempotency-key": key },
      });
      expect(replay.status).toBe(201);
      expect(replay.headers.get("idempotent-replayed")).toBe("true");
      expect(replay.body).toEqual(first.body);
      expect(await db().story.count({ where: { workspaceId: a.workspace.id, title: "Replayed once" } })).toBe(
        0,
      );

      const conflicting = await callApi("POST", "/stories", {
        key: a.owner.key,
        json: { ...storyBody(a), title: "Replayed once" },
        headers: { "idempotency-key": key },
      });
      expect(conflicting.status).toBe(422);
      expect(conflicting.body.errors[0].field).toBe("Idempotency-Key");
      expect(await db().story.count({ where: { workspaceId: a.workspace.id, title: "Replayed once" } })).toBe(
        0,
      );

      // Keys belong to one API key: another key may use the same string for its own request.
      const other = await makeApiKey(db(), a.workspace.id, "EDITOR");
      const separate = await callApi("POST", "/stories", {
        key: other.key,
        json: storyBody(a),
        headers: { "idempotency-key": key },
      });
      expect(separate.status).toBe(201);
      expect(separate.body.id).not.toBe(first.body.id);
    });

    it("recognises a retried upload by its content, whatever multipart boundary the client picks", async () => {
      const key = randomUUID();
      const form = (name: string) => {
        const body = new FormData();
        body.set("file", new File([jpegPart()], name, { type: "image/jpeg" }));
        return body;
      };
      const first = await callApi("POST", "/media", {
        key: a.owner.key,
        form: form("a.jpg"),
        headers: { "idempotency-key": key },
      });
      expect(first.status).toBe(201);
      const retry = await callApi("POST", "/media", {
        key: a.owner.key,
        form: form("a.jpg"),
        headers: { "idempotency-key": key },
      });
      expect(retry.headers.get("idempotent-replayed")).toBe("true");
      expect(retry.body.id).toBe(first.body.id);
      const other = await callApi("POST", "/media", {
        key: a.owner.key,
        form: form("b.jpg"),
        headers: { "idempotency-key": key },
      });
      expect(other.status).toBe(422);
      expect(
        await db().mediaAsset.count({
          where: { workspaceId: a.workspace.id, originalName: { in: ["a.jpg", "b.jpg"] } },
        }),
      ).toBe(1);
    });

    it("lets exactly one of many concurrent requests with the same key run", async () => {
      const t = await tenant();
      const key = randomUUID();
      const responses = await Promise.all(
        Array.from({ length: 8 }, () =>
          callApi("POST", "/stories", {
            key: t.owner.key,
            json: storyBody(t),
            headers: { "idempotency-key": key },
          }),
        ),
      );
      const fresh = responses.filter((r) => r.status === 201 && !r.headers.get("idempotent-replayed"));
      expect(fresh).toHaveLength(1);
      for (const response of responses) {
        if (response.status === 201) expect(response.body.id).toBe(fresh[0]?.body.id);
        else expect(response.status).toBe(409);
      }
      expect(await db().story.count({ where: { workspaceId: t.workspace.id } })).toBe(1);
    });

    it("replays a refusal too, and forgets keys after 24 hours", async () => {
      const key = randomUUID();
      const refused = await callApi("POST", `/stories/${randomUUID()}/cancel`, {
        key: a.owner.key,
        headers: { "idempotency-key": key },
      });
      expect(refused.status).toBe(404);
      const replay = await callApi("POST", refused.body.instance.replace("/api/v1", ""), {
        key: a.owner.key,
        headers: { "idempotency-key": key },
      });
      expect(replay).toMatchObject({ status: 404, body: refused.body });
      expect(replay.headers.get("content-type")).toBe(PROBLEM);

      await db().idempotencyKey.updateMany({
        where: { apiKeyId: a.owner.id, key },
        data: { expiresAt: new Date(Date.now() - 1000) },
      });
      const created = await callApi("POST", "/brands", {
        key: a.owner.key,
        json: { name: `After expiry ${key}`, timeZone: "UTC" },
        headers: { "idempotency-key": key },
      });
      expect(created.status).toBe(201);

      // The workers' periodic cleanup removes keys nobody reused.
      await db().idempotencyKey.updateMany({
        where: { apiKeyId: a.owner.id, key },
        data: { expiresAt: new Date(Date.now() - 1000) },
      });
      expect(await deleteExpiredIdempotencyKeys(db())).toBeGreaterThanOrEqual(1);
      expect(await db().idempotencyKey.count({ where: { apiKeyId: a.owner.id, key } })).toBe(0);
    });
  });

  describe("Idempotency-Key after a failure", () => {
    /** Makes Postgres refuse to record an answer for keys starting "unrecordable-", as a full disk or a lost connection would. */
    async function whileAnswersCannotBeRecorded(run: () => Promise<void>) {
      await db().$executeRawUnsafe(`CREATE OR REPLACE FUNCTION test_refuse_idempotent_answer() RETURNS trigger
        LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected: the answer cannot be recorded'; END $$`);
      await db().$executeRawUnsafe(`CREATE OR REPLACE TRIGGER test_refuse_idempotent_answer
        BEFORE UPDATE ON "IdempotencyKey" FOR EACH ROW WHEN (NEW.key LIKE 'unrecordable-%')
        EXECUTE FUNCTION test_refuse_idempotent_answer()`);
      try {
        await run();
      } finally {
        await db().$executeRawUnsafe(
          `DROP TRIGGER IF EXISTS test_refuse_idempotent_answer ON "IdempotencyKey"`,
        );
      }
    }

    it("releases the key when the answer cannot be recorded, so a retry runs instead of 409 for 24 hours", async () => {
      await whileAnswersCannotBeRecorded(async () => {
        const key = `unrecordable-${randomUUID()}`;
        const path = `/stories/${randomUUID()}/cancel`;
        const refused = await callApi("POST", path, {
          key: a.owner.key,
          headers: { "idempotency-key": key },
        });
        expect(refused.status).toBe(404);
        expect(refused.body.code).toBe("NOT_FOUND");
        expect(await db().idempotencyKey.count({ where: { apiKeyId: a.owner.id, key } })).toBe(0);
        const retried = await callApi("POST", path, {
          key: a.owner.key,
          headers: { "idempotency-key": key },
        });
        expect(retried.status).toBe(404);
        expect(retried.headers.get("idempotent-replayed")).toBeNull();

        // A success that cannot be recorded is still answered as one; the key is released too.
        const other = `unrecordable-${randomUUID()}`;
        const created = await callApi("POST", "/brands", {
          key: a.owner.key,
          json: { name: `Unrecorded ${other}`, timeZone: "UTC" },
          headers: { "idempotency-key": other },
        });
        expect(created.status).toBe(201);
        expect(await db().idempotencyKey.count({ where: { apiKeyId: a.owner.id, key: other } })).toBe(0);
      });
    });

    it("takes no key for a request refused before it runs: the same key can be used once it is fixed", async () => {
      const key = randomUUID();
      const brand = { name: `Zoned ${key}`, timeZone: "Europe/Berlin\u0000" };
      for (let attempt = 0; attempt < 2; attempt++) {
        const refused = await callApi("POST", "/brands", {
          key: a.owner.key,
          json: brand,
          headers: { "idempotency-key": key },
        });
        expect(refused.status).toBe(422);
        expect(refused.body.errors.map((e: { field: string }) => e.field)).toEqual(["timeZone"]);
        expect(refused.headers.get("idempotent-replayed")).toBeNull();
      }
      expect(await db().idempotencyKey.count({ where: { apiKeyId: a.owner.id, key } })).toBe(0);
      const fixed = await callApi("POST", "/brands", {
        key: a.owner.key,
        json: { ...brand, timeZone: "Europe/Berlin" },
        headers: { "idempotency-key": key },
      });
      expect(fixed.status).toBe(201);
      expect(fixed.body.timeZone).toBe("Europe/Berlin");
    });
  });

  describe("strict input", () => {
    const fieldsOf = (response: { body: { errors?: { field: string }[] } }) =>
      (response.body.errors ?? []).map((e) => e.field).sort();

    it("refuses unknown fields at any depth with 422 naming each, and creates nothing", async () => {
      const before = await db().story.count({ where: { workspaceId: a.workspace.id } });
      const { frames, ...body } = storyBody(a);
      const sent = JSON.stringify({
        ...body,
        frames: [frames[0], { text: "Hi", colour: "#000000" }],
        overrides: [{ channelId: a.channels[0]?.id, captoin: "x" }],
        freshnesMinutes: 30,
        status: "PUBLISHED",
        workspaceId: b.workspace.id,
      }).replace(/^\{/, '{"__proto__":{"admin":true},');
      const refused = await callApi("POST", "/stories", { key: a.owner.key, rawBody: sent });
      expect(refused.status).toBe(422);
      expect(fieldsOf(refused)).toEqual([
        "__proto__",
        "frames.1.colour",
        "freshnesMinutes",
        "overrides.0.captoin",
        "status",
        "workspaceId",
      ]);
      expect(refused.body.errors[0].detail).toMatch(/^Unknown field/);
      expect(await db().story.count({ where: { workspaceId: a.workspace.id } })).toBe(before);

      const patch = await callApi("PATCH", `/brands/${a.brand.id}`, {
        key: a.owner.key,
        json: { nmae: "x" },
      });
      expect([patch.status, fieldsOf(patch)]).toEqual([422, ["nmae"]]);
      const reschedule = await callApi("POST", `/stories/${randomUUID()}/reschedule`, {
        key: a.owner.key,
        json: { when: { now: true }, reason: "x" },
      });
      expect([reschedule.status, fieldsOf(reschedule)]).toEqual([422, ["reason"]]);
      const form = uploadForm(jpegPart(), "a.jpg");
      form.set("caption", "x");
      const upload = await callApi("POST", "/media", { key: a.owner.key, form });
      expect([upload.status, fieldsOf(upload)]).toEqual([422, ["caption"]]);
    });

    it("refuses unknown query parameters, also on routes that take none", async () => {
      const typo = await callApi("GET", "/stories?limt=5", { key: a.owner.key });
      expect([typo.status, fieldsOf(typo)]).toEqual([422, ["limt"]]);
      const none = await callApi("GET", `/stories/${randomUUID()}?expand=targets`, { key: a.owner.key });
      expect([none.status, fieldsOf(none)]).toEqual([422, ["expand"]]);
      // A value that is not percent-encoded UTF-8 is refused by name, not looked up as U+FFFD.
      const undecodable = await callApi("GET", "/media?brandId=%FF", { key: a.owner.key });
      expect([undecodable.status, fieldsOf(undecodable)]).toEqual([422, ["brandId"]]);
    });

    it("takes exactly one form of when, and publishes nothing for an ambiguous one", async () => {
      const before = await db().story.count({ where: { workspaceId: a.workspace.id } });
      for (const when of [
        { now: true, at: "2099-03-01T09:00:00Z" },
        { local: "2099-03-01T09:00", at: "2099-03-01T09:00:00Z" },
        {},
      ]) {
        const refused = await callApi("POST", "/stories", { key: a.owner.key, json: storyBody(a, when) });
        expect(refused.status, JSON.stringify(when)).toBe(422);
        expect(refused.body.errors, JSON.stringify(when)).toEqual([
          {
            field: "when",
            pointer: "/when",
            detail: expect.stringContaining("exactly one of now, local or at"),
          },
        ]);
      }
      const extra = await callApi("POST", "/stories", {
        key: a.owner.key,
        json: storyBody(a, { now: true, timeZone: "UTC" }),
      });
      expect([extra.status, fieldsOf(extra)]).toEqual([422, ["when.timeZone"]]);
      expect(await db().story.count({ where: { workspaceId: a.workspace.id } })).toBe(before);
    });
  });

  describe("unreadable bodies", () => {
    it("answers a JSON body that is not UTF-8 with 400, and stores nothing", async () => {
      const before = await db().brand.count({ where: { workspaceId: a.workspace.id } });
      const latin1 = new Uint8Array(Buffer.from('{"name":"Caf\xe9","timeZone":"UTC"}', "latin1"));
      const refused = await callApi("POST", "/brands", { key: a.owner.key, rawBody: latin1 });
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ code: "MALFORMED_JSON", detail: expect.stringMatching(/UTF-8/) });
      expect(await db().brand.count({ where: { workspaceId: a.workspace.id } })).toBe(before);
    });

    it("answers a multipart body without a boundary, or not matching it, with 400 MALFORMED_MULTIPART", async () => {
      const before = await db().mediaAsset.count({ where: { workspaceId: a.workspace.id } });
      const part =
        '--abc\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\n\r\nbytes\r\n--abc--\r\n';
      for (const [contentType, body] of [
        ["multipart/form-data", part],
        ["multipart/form-data; boundary=xyz", part],
        ["multipart/form-data; boundary=abc", part.slice(0, 40)],
      ] as const) {
        const refused = await callApi("POST", "/media", {
          key: a.owner.key,
          rawBody: body,
          headers: { "content-type": contentType, "idempotency-key": randomUUID() },
        });
        expect([refused.status, refused.body.code], contentType).toEqual([400, "MALFORMED_MULTIPART"]);
        expect(refused.headers.get("content-type")).toBe(PROBLEM);
      }
      expect(await db().mediaAsset.count({ where: { workspaceId: a.workspace.id } })).toBe(before);
    });

    it("refuses a NUL byte percent-encoded in a path segment with 422 naming the parameter", async () => {
      const refused = await callApi("GET", "/stories/abc%00def", { key: a.owner.key });
      expect([refused.status, refused.body.errors[0].field]).toEqual([422, "storyId"]);
    });
  });

  describe("rate limit", () => {
    it("answers 429 with Retry-After once a key's minute is spent", async () => {
      setApiDepsForTests({ rateLimit: createApiRateLimit(redis(), 3, `test-api-${randomUUID()}`) });
      try {
        const statuses = [];
        for (let i = 0; i < 3; i++)
          statuses.push((await callApi("GET", "/brands", { key: a.owner.key })).status);
        expect(statuses).toEqual([200, 200, 200]);
        const limited = await callApi("GET", "/brands", { key: a.owner.key });
        expect(limited.status).toBe(429);
        expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
        expect(limited.body.code).toBe("RATE_LIMITED");
        // Another key has its own budget.
        expect((await callApi("GET", "/brands", { key: b.owner.key })).status).toBe(200);
      } finally {
        setApiDepsForTests({ rateLimit: createApiRateLimit(redis(), 10_000, `test-api-${randomUUID()}`) });
      }
    });
  });

  describe("OpenAPI document", () => {
    it("is OpenAPI 3.1 and documents every route file under app/api/v1", async () => {
      const response = await callApi("GET", "/openapi.json");
      expect(response.status).toBe(200);
      const document = response.body;
      expect(document.openapi).toBe("3.1.0");

      const root = join(process.cwd(), "app/api/v1");
      const files = (await readdir(root, { recursive: true }))
        .filter((file) => file.endsWith("route.ts"))
        .map((file) => relative(root, join(root, file)));
      expect(files.sort()).toEqual(Object.keys(ROUTE_MODULES).sort());
      for (const file of files) {
        const module = ROUTE_MODULES[file] ?? {};
        const methods = ["GET", "POST", "PATCH", "PUT", "DELETE"].filter((m) => m in module);
        if (file === "openapi.json/route.ts") continue;
        for (const method of methods) {
          expect(document.paths[apiPathOf(file)]?.[method.toLowerCase()], `${method} ${file}`).toBeDefined();
        }
      }
      const create = document.paths["/stories"].post;
      const body = create.requestBody.content["application/json"].schema;
      expect([...body.required].sort()).toEqual(["brandId", "channelIds", "when"]);
      // A frame is a media id or a text status.
      expect(body.properties.frames.items.anyOf).toMatchObject([
        { type: "string" },
        { type: "object", required: ["text"], properties: { text: { maxLength: 700 } } },
      ]);
      expect(create.parameters.map((p: { name: string }) => p.name)).toContain("Idempotency-Key");
      expect(create.responses["422"].content[PROBLEM].schema.$ref).toBe("#/components/schemas/Problem");
      expect(document.paths["/media"].get.parameters.map((p: { name: string }) => p.name)).toEqual(
        expect.arrayContaining(["brandId", "status", "kind", "limit", "cursor"]),
      );
      expect(
        document.paths["/media/{mediaId}"].get.parameters.map((p: { name: string }) => p.name),
      ).toContain("mediaId");
      const mediaRef =
        document.paths["/media/{mediaId}"].get.responses["200"].content["application/json"].schema.$ref;
      expect(mediaRef).toBe("#/components/schemas/MediaAsset");
      const media = document.components.schemas.MediaAsset;
      expect(media.required).toEqual(
        expect.arrayContaining([
          "status",
          "errorMessage",
          "hasThumbnail",
          "sourceAssetId",
          "segmentIndex",
          "parts",
        ]),
      );
      expect(media.properties).not.toHaveProperty("storageKey");
      expect(
        document.paths["/media"].post.requestBody.content["multipart/form-data"].schema.properties.file,
      ).toMatchObject({
        type: "string",
        format: "binary",
      });
    });
  });
});
