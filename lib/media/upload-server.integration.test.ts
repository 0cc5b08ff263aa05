import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Server } from "@tus/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import type { MediaJob } from "@/lib/queue/queues";
import { makeBrand, makeMember, makeWorkspace } from "@/prisma/factories";
import { jpegClaiming, mp4Claiming, pngClaiming } from "@/test/media/huge-header";
import { jpeg, png } from "@/test/media/media-fixtures";
import { LocalDiskMediaStorage } from "./storage";
import { createUploadServer } from "./upload-server";
import { uploadStore } from "./upload-store";

// The tus endpoint exactly as the Next route runs it (createUploadServer + handleWeb), driven by
// real tus requests; only the session lookup is replaced by a header naming the user.
describe("resumable upload endpoint", () => {
  let root: string;
  let storage: LocalDiskMediaStorage;
  let server: Server;
  let tusDir: string;
  const jobs: MediaJob[] = [];
  const MAX = 64 * 1024;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "storyrelay-tus-"));
    storage = new LocalDiskMediaStorage(join(root, "media"));
    const store = uploadStore({ MEDIA_DIR: root, MEDIA_UPLOAD_EXPIRY_HOURS: 1 });
    tusDir = store.directory;
    server = createUploadServer({
      db: db(),
      storage,
      store,
      maxBytes: MAX,
      enqueue: async (job) => void jobs.push(job),
      userIdOf: async (request) => request.headers.get("x-test-user"),
      path: "/api/uploads",
    });
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  const b64 = (value: string) => Buffer.from(value).toString("base64");

  function tus(
    method: string,
    path: string,
    userId: string,
    headers: Record<string, string> = {},
    body?: Buffer,
  ) {
    return server.handleWeb(
      new Request(`http://relay.test${path}`, {
        method,
        headers: { "Tus-Resumable": "1.0.0", "x-test-user": userId, ...headers },
        body: body ? new Uint8Array(body) : undefined,
      }),
    );
  }

  function create(userId: string, length: number, metadata: Record<string, string>) {
    const encoded = Object.entries(metadata)
      .map(([key, value]) => `${key} ${b64(value)}`)
      .join(",");
    return tus("POST", "/api/uploads", userId, {
      "Upload-Length": String(length),
      "Upload-Metadata": encoded,
    });
  }

  function patch(userId: string, location: string, offset: number, bytes: Buffer) {
    return tus(
      "PATCH",
      location,
      userId,
      { "Upload-Offset": String(offset), "Content-Type": "application/offset+octet-stream" },
      bytes,
    );
  }

  /** Creates an upload and sends `bytes` in one PATCH; returns the final response. */
  async function upload(userId: string, bytes: Buffer, metadata: Record<string, string>) {
    const created = await create(userId, bytes.length, metadata);
    if (created.status !== 201) return created;
    return patch(userId, created.headers.get("location") ?? "", 0, bytes);
  }

  async function nothingStored(workspaceId: string) {
    expect(await db().mediaAsset.count({ where: { workspaceId } })).toBe(0);
    expect(await readdir(join(storage.root, workspaceId)).catch(() => [])).toEqual([]);
    expect(await readdir(tusDir).catch(() => [])).toEqual([]);
  }

  it("takes a file in pieces, resumes from the offset it reports, and ingests it on the last byte", async () => {
    const { ctx, ownerId } = await makeWorkspace(db());
    const brand = await makeBrand(db(), ctx.workspaceId);
    const bytes = jpeg({ width: 320, height: 240 });
    const created = await create(ownerId, bytes.length, {
      workspace: ctx.workspaceSlug,
      brandId: brand.id,
      filename: "team photo.jpg",
      fit: "CONTAIN_BLUR",
      focalX: "0.2",
      focalY: "0.7",
    });
    expect(created.status).toBe(201);
    const location = created.headers.get("location") ?? "";
    expect(location).toMatch(/^\/api\/uploads\/[0-9a-f]{32}$/);

    const half = Math.floor(bytes.length / 2);
    expect((await patch(ownerId, location, 0, bytes.subarray(0, half))).status).toBe(204);
    // The connection dropped; the client asks where to resume.
    const head = await tus("HEAD", location, ownerId);
    expect(head.headers.get("upload-offset")).toBe(String(half));

    const done = await patch(ownerId, location, half, bytes.subarray(half));
    expect(done.status).toBe(200);
    const { id } = (await done.json()) as { id: string };
    const asset = await db().mediaAsset.findFirstOrThrow({ where: { id, workspaceId: ctx.workspaceId } });
    expect(asset).toMatchObject({
      status: "PROCESSING",
      kind: "IMAGE",
      brandId: brand.id,
      originalName: "team photo.jpg",
      fit: "CONTAIN_BLUR",
      focalX: 0.2,
      focalY: 0.7,
      sizeBytes: BigInt(bytes.length),
    });
    expect(jobs).toContainEqual({ assetId: id, workspaceId: ctx.workspaceId });
    expect(await readdir(tusDir)).toEqual([]); // the partial-upload file is gone
  });

  it("lets only the uploader resume or inspect an upload", async () => {
    const { ctx, ownerId } = await makeWorkspace(db());
    const colleague = await makeMember(db(), { id: ctx.workspaceId, slug: ctx.workspaceSlug }, "EDITOR");
    const bytes = jpeg({ width: 64, height: 64 });
    const created = await create(ownerId, bytes.length, { workspace: ctx.workspaceSlug, filename: "a.jpg" });
    const location = created.headers.get("location") ?? "";
    expect((await tus("HEAD", location, colleague.userId ?? "")).status).toBe(404);
    expect((await patch(colleague.userId ?? "", location, 0, bytes)).status).toBe(404);
    expect((await tus("HEAD", location, ownerId)).headers.get("upload-offset")).toBe("0");
    expect((await tus("DELETE", location, ownerId)).status).toBe(204);
    await nothingStored(ctx.workspaceId);
  });

  it.each([
    ["an empty file", Buffer.alloc(0), "empty.jpg", 422, /This file is empty \(0 bytes\)/],
    [
      "a truncated JPEG",
      jpeg({ width: 64, height: 64 }).subarray(0, 120),
      "cut.jpg",
      422,
      /the JPEG is incomplete/,
    ],
    [
      "a PNG renamed .mp4",
      png({ width: 32, height: 32 }),
      "clip.mp4",
      422,
      /This file is a PNG image, but its name ends in "\.mp4"/,
    ],
    [
      "an SVG with a script",
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'),
      "logo.jpg",
      422,
      /SVG images are not supported \(they can carry scripts\)/,
    ],
    ["a file above the limit", Buffer.alloc(MAX + 1, 1), "huge.mp4", 413, /files can be at most 64 KB/],
    [
      "a path-traversal name",
      jpeg({ width: 16, height: 16 }),
      "../../../etc/passwd.jpg",
      422,
      /contains a folder path/,
    ],
  ])("refuses %s with a clear message and stores nothing", async (_, bytes, filename, status, message) => {
    const { ctx, ownerId } = await makeWorkspace(db());
    const response = await upload(ownerId, bytes, { workspace: ctx.workspaceSlug, filename });
    expect(response.status).toBe(status);
    expect(await response.text()).toMatch(message);
    await nothingStored(ctx.workspaceId);
  });

  it("lets the workers' cleanup remove an upload left unfinished past its expiry", async () => {
    const { ctx, ownerId } = await makeWorkspace(db());
    const bytes = jpeg({ width: 64, height: 64 });
    const created = await create(ownerId, bytes.length, {
      workspace: ctx.workspaceSlug,
      filename: "half.jpg",
    });
    const location = created.headers.get("location") ?? "";
    await patch(ownerId, location, 0, bytes.subarray(0, 10));
    expect(await readdir(tusDir)).toHaveLength(2); // the partial file and its metadata
    // Within its expiry nothing is removed; seen by a store whose expiry has passed, it goes.
    expect(await uploadStore({ MEDIA_DIR: root, MEDIA_UPLOAD_EXPIRY_HOURS: 1 }).deleteExpired()).toBe(0);
    const expired = uploadStore({ MEDIA_DIR: root, MEDIA_UPLOAD_EXPIRY_HOURS: 1 });
    expired.expirationPeriodInMilliseconds = 1;
    expect(await expired.deleteExpired()).toBe(1);
    expect(await readdir(tusDir)).toEqual([]);
    expect((await tus("HEAD", location, ownerId)).status).toBe(404);
  });

  it("refuses, at its last byte, a file whose header claims more pixels or a longer video than processing takes", async () => {
    const { ctx, ownerId } = await makeWorkspace(db());
    const files = [
      {
        name: "huge.jpg",
        bytes: jpegClaiming(30_000, 30_000),
        says: /30000 × 30000 px.*at most 100 megapixels/,
      },
      {
        name: "huge.png",
        bytes: pngClaiming(30_000, 30_000),
        says: /30000 × 30000 px.*at most 100 megapixels/,
      },
      {
        name: "huge.mp4",
        bytes: mp4Claiming({ width: 30_000, height: 30_000 }),
        says: /30000 × 30000 px.*at most 100 megapixels a frame/,
      },
      {
        name: "endless.mp4",
        bytes: mp4Claiming({ durationSeconds: 100 * 3_600 }),
        says: /is 100 h long; videos can be at most 4 h/,
      },
    ];
    for (const file of files) {
      const response = await upload(ownerId, file.bytes, {
        workspace: ctx.workspaceSlug,
        filename: file.name,
      });
      expect(response.status, file.name).toBe(422);
      expect(await response.text(), file.name).toMatch(file.says);
    }
    await nothingStored(ctx.workspaceId);
    expect(jobs.filter((job) => job.workspaceId === ctx.workspaceId)).toEqual([]);
  });

  it("refuses a declared size above the limit before reading any bytes", async () => {
    const { ctx, ownerId } = await makeWorkspace(db());
    const response = await create(ownerId, 5 * 1024 ** 3, {
      workspace: ctx.workspaceSlug,
      filename: "film.mp4",
    });
    expect(response.status).toBe(413);
    expect(await response.text()).toBe(
      "This file is larger than the upload limit: files can be at most 64 KB.",
    );
    await nothingStored(ctx.workspaceId);
  });

  it("refuses strangers, viewers, other workspaces and hidden brands at creation", async () => {
    const { ctx, workspace } = await makeWorkspace(db());
    const viewer = await makeMember(db(), workspace, "VIEWER");
    const other = await makeWorkspace(db());
    const foreignBrand = await makeBrand(db(), other.workspace.id);
    const meta = { workspace: ctx.workspaceSlug, filename: "a.jpg" };

    const anonymous = await server.handleWeb(
      new Request("http://relay.test/api/uploads", {
        method: "POST",
        headers: { "Tus-Resumable": "1.0.0", "Upload-Length": "10" },
      }),
    );
    expect(anonymous.status).toBe(401);
    const asViewer = await create(viewer.userId ?? "", 10, meta);
    expect([asViewer.status, await asViewer.text()]).toEqual([
      403,
      "Your role (viewer) cannot upload media.",
    ]);
    expect((await create(other.ownerId, 10, meta)).status).toBe(404);
    expect((await create(ctx.userId ?? "", 10, { ...meta, brandId: foreignBrand.id })).status).toBe(404);
    const badFocus = await create(ctx.userId ?? "", 10, { ...meta, focalX: "1.5" });
    expect([badFocus.status, await badFocus.text()]).toEqual([422, "The processing options are not valid."]);
    await nothingStored(ctx.workspaceId);
  });

  it("refuses a NUL byte in the metadata with 422 before any lookup", async () => {
    const { ctx, ownerId } = await makeWorkspace(db());
    const meta = { workspace: ctx.workspaceSlug, filename: "a.jpg" };
    for (const [field, value] of [
      ["workspace", `${ctx.workspaceSlug}\u0000`],
      ["brandId", "brand\u0000id"],
      ["filename", "a\u0000.jpg"],
    ] as const) {
      const response = await create(ownerId, 10, { ...meta, [field]: value });
      expect([response.status, await response.text()], field).toEqual([
        422,
        `Upload-Metadata.${field}: Contains a NUL character (\\u0000), which text may not hold.`,
      ]);
    }
    // An upload id naming no upload, NUL or not, is simply not found.
    for (const method of ["HEAD", "PATCH", "DELETE"]) {
      const response = await tus(method, "/api/uploads/abc%00def", ownerId, {
        "Upload-Offset": "0",
        "Content-Type": "application/offset+octet-stream",
      });
      expect(response.status, method).toBe(404);
    }
    await nothingStored(ctx.workspaceId);
  });
});
