import { createHash, randomUUID } from "node:crypto";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { beginTwoFactorEnrolment } from "@/lib/auth/begin-two-factor-enrolment";
import { readCredentials } from "@/lib/channels/read-credentials";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { createLogger } from "@/lib/logger";
import { S3MediaStorage } from "@/lib/media/s3-storage";
import type { MediaStorage } from "@/lib/media/storage";
import { createDataExportQueue, enqueueDataExport } from "@/lib/queue/data-export-queue";
import { createPublishQueues, type PublishQueues } from "@/lib/queue/publish-queues";
import { webhookSecretContext } from "@/lib/webhooks/create-webhook";
import type { WorkspaceContext } from "@/lib/workspaces/context";
import { makeApiKey, makeMember, makeScheduledStory, makeWorkspace } from "@/prisma/factories";
import { S3_SANDBOX_CREDENTIALS } from "@/simulators/s3/s3-router";
import { type RunningSimulator, startSimulator } from "@/simulators/server";
import { expectAppError } from "@/test/assert/expect-app-error";
import { waitUntil } from "@/test/assert/wait-until";
import { unzip } from "@/test/exports/unzip";
import { makeConversation } from "@/test/inbox/inbox-factory";
import { jpeg } from "@/test/media/media-fixtures";
import { startExportWorker } from "@/workers/export-worker";
import { deleteDataExport } from "./delete-data-export";
import { exportDownloadUrl } from "./export-token";
import type { DataExportView } from "./export-view";
import { getDataExport } from "./get-data-export";
import { openExportDownload } from "./open-export-download";
import { startDataExport } from "./start-data-export";
import { sweepDataExports } from "./sweep-data-exports";

// Data exports end to end: real Postgres, Redis and BullMQ, the export worker as workers/media-kind.ts
// starts it (its own queue prefix, no timer sweep), media and the ZIPs in S3 (the simulator over
// HTTP). The archive is opened with yauzl and compared with the database.

const logger = createLogger("test", "silent");
const signing = { baseUrl: "http://localhost:3000", authSecret: env().AUTH_SECRET };

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
const json = <T = Record<string, unknown>[]>(files: Map<string, Buffer>, name: string) =>
  JSON.parse(String(files.get(name))) as T;

describe("data export", () => {
  let simulator: RunningSimulator;
  let storage: MediaStorage;
  let worker: ReturnType<typeof startExportWorker>;
  let queues: PublishQueues;
  const prefix = `test-export-${randomUUID()}`;
  const exportQueue = () => createDataExportQueue(env().REDIS_URL, prefix);
  let queue: ReturnType<typeof exportQueue>;

  beforeAll(async () => {
    simulator = await startSimulator({ port: 0 });
    storage = new S3MediaStorage({
      bucket: "media",
      region: "us-east-1",
      endpoint: `${simulator.url}/s3`,
      forcePathStyle: true,
      ...S3_SANDBOX_CREDENTIALS,
    });
    worker = startExportWorker({ config: env(), logger, prefix, sweep: false, storage });
    queues = createPublishQueues(env().REDIS_URL, prefix);
    queue = exportQueue();
  });
  afterAll(async () => {
    await worker.queue.obliterate({ force: true }).catch(() => undefined);
    await queues.dispatch.obliterate({ force: true }).catch(() => undefined);
    await worker.close();
    await queue.close();
    await queues.close();
    await simulator.close();
  });

  const start = (ctx: WorkspaceContext, brandId: string | null) =>
    startDataExport({ db: db(), logger, enqueue: (job) => enqueueDataExport(job, queue), signing }, ctx, {
      brandId,
    });

  const done = (ctx: WorkspaceContext, exportId: string) =>
    waitUntil(
      async () => {
        const view = await getDataExport({ db: db(), signing }, ctx, { exportId });
        return view.status === "DONE" || view.status === "FAILED" ? view : undefined;
      },
      { timeoutMs: 60_000, what: "the export to finish" },
    );

  async function download(view: DataExportView): Promise<Buffer> {
    const url = new URL(view.downloadUrl ?? "");
    const opened = await openExportDownload(
      { db: db(), storage, authSecret: signing.authSecret },
      { exportId: view.id, exp: url.searchParams.get("exp"), sig: url.searchParams.get("sig") },
    );
    if (!opened.ok) throw new Error(`download refused: ${opened.reason}`);
    return Buffer.from(await new Response(opened.body).arrayBuffer());
  }

  /** A workspace with two brands' stories (media in S3), an inbox thread, and every kind of stored secret. */
  async function seed() {
    const { workspace, ctx, ownerId } = await makeWorkspace(db());
    const box = secretBoxFromEnv(env());
    const one = await makeScheduledStory(db(), queues, ctx, { frameCount: 2 });
    const two = await makeScheduledStory(db(), queues, ctx, { frameCount: 1 });
    const mediaBytes = new Map<string, Buffer>();
    for (const asset of [...one.frames, ...two.frames]) {
      const bytes = jpeg({ seed: Math.floor(Math.random() * 1e9) });
      const thumbnail = jpeg({ seed: 5, width: 108, height: 192 });
      const thumbnailKey = `${workspace.id}/${randomUUID()}.jpg`;
      await storage.put(asset.storageKey, bytes);
      await storage.put(thumbnailKey, thumbnail);
      await db().mediaAsset.update({
        where: { id: asset.id },
        data: {
          brandId: asset === two.frames[0] ? two.brand.id : one.brand.id,
          renditions: {
            thumbnail: {
              storageKey: thumbnailKey,
              mimeType: "image/jpeg",
              width: 108,
              height: 192,
              sizeBytes: thumbnail.length,
            },
          },
        },
      });
      mediaBytes.set(`media/${asset.id}/rendition.jpg`, bytes);
      mediaBytes.set(`media/${asset.id}/thumbnail.jpg`, thumbnail);
    }
    const [instagram] = one.channels;
    if (!instagram) throw new Error("no channel");
    await makeConversation(db(), instagram, { withMessage: { text: "Love this story!" } });

    // Every stored secret, to look for in the archive: plaintexts and the sealed bytes.
    const secrets: string[] = [];
    const sealed: Buffer[] = [];
    for (const channel of [...one.channels, ...two.channels]) {
      secrets.push(...Object.values(await readCredentials(db(), box, channel)));
      const row = await db().channelCredential.findUniqueOrThrow({ where: { channelId: channel.id } });
      sealed.push(Buffer.from(row.ciphertext), Buffer.from(row.authTag));
    }
    const apiKey = await makeApiKey(db(), workspace.id, "OWNER");
    secrets.push(apiKey.key, apiKey.keyHash);
    const webhookId = randomUUID();
    const webhookSecret = `whsec_${randomUUID()}`;
    const w = box.seal(webhookSecret, webhookSecretContext(webhookId));
    await db().webhook.create({
      data: {
        id: webhookId,
        workspaceId: workspace.id,
        url: "https://hooks.example.test/in",
        events: ["story.published"],
        secretKeyId: w.keyId,
        secretIv: w.iv,
        secretTag: w.authTag,
        secretCiphertext: w.ciphertext,
      },
    });
    secrets.push(webhookSecret);
    sealed.push(Buffer.from(w.ciphertext));
    const owner = await db().user.findUniqueOrThrow({ where: { id: ownerId } });
    const { secret: totp } = await beginTwoFactorEnrolment({ db: db(), box }, owner);
    const twoFactor = await db().userTwoFactor.findUniqueOrThrow({ where: { userId: ownerId } });
    secrets.push(totp, owner.passwordHash);
    sealed.push(Buffer.from(twoFactor.ciphertext));
    const recovery = `recovery-${randomUUID()}`;
    const recoveryHash = sha256(Buffer.from(recovery));
    await db().recoveryCode.create({ data: { userId: ownerId, codeHash: recoveryHash } });
    secrets.push(recovery, recoveryHash);
    const session = await db().userSession.create({
      data: { userId: ownerId, ip: "203.0.113.9", userAgent: "t" },
    });
    secrets.push(session.id);
    return { workspace, ctx, one, two, mediaBytes, secrets, sealed };
  }

  it("exports the whole workspace as its database holds it, media bytes included, and no secret", async () => {
    const s = await seed();
    const started = await start(s.ctx, null);
    expect(started.status).toBe("QUEUED");
    const view = await done(s.ctx, started.id);
    expect(view.error).toBeNull();
    expect(view.status).toBe("DONE");
    expect(view.expiresAt?.getTime()).toBeGreaterThan(Date.now() + 23 * 3_600_000);
    const zip = await download(view);
    expect(zip.length).toBe(view.sizeBytes);
    const files = await unzip(zip);
    expect(files.has("README.txt")).toBe(true);

    const manifest = json<{
      counts: { tables: Record<string, number>; mediaFiles: number; missingMediaFiles: number };
      media: { path: string; sha256: string; sizeBytes: number }[];
    }>(files, "manifest.json");
    const where = { workspaceId: s.workspace.id };
    const expected = {
      stories: await db().story.count({ where }),
      story_frames: await db().storyFrame.count({ where }),
      story_targets: await db().storyTarget.count({ where }),
      media_assets: await db().mediaAsset.count({ where }),
      channels: await db().channel.count({ where }),
      conversations: await db().conversation.count({ where }),
      messages: await db().message.count({ where }),
      audit_log: await db().auditLog.count({ where }),
      members: await db().membership.count({ where }),
    };
    for (const [table, count] of Object.entries(expected)) {
      expect(manifest.counts.tables[table], table).toBe(count);
      expect(json(files, `data/${table}.json`), table).toHaveLength(count);
      const rows = parse(String(files.get(`data/${table}.csv`)), { columns: true });
      expect(rows, table).toHaveLength(count);
    }
    expect(expected.stories).toBe(2);
    expect(expected.audit_log).toBeGreaterThan(0);
    const stories = json(files, "data/stories.json");
    const story = await db().story.findUniqueOrThrow({ where: { id: s.one.story.id } });
    expect(stories.find((r) => r.id === story.id)).toMatchObject({
      brandId: s.one.brand.id,
      status: story.status,
      scheduledAt: story.scheduledAt?.toISOString(),
    });
    const members = json(files, "data/members.json");
    const owner = await db().user.findUniqueOrThrow({ where: { id: s.ctx.userId ?? "" } });
    expect(members).toEqual([
      expect.objectContaining({ email: owner.email, name: owner.name, role: "OWNER" }),
    ]);
    expect(json(files, "data/messages.json")[0]).toMatchObject({ text: "Love this story!" });

    // Every media file: in the archive with the bytes stored, and the manifest's hash of them.
    expect(manifest.counts.mediaFiles).toBe(s.mediaBytes.size);
    expect(manifest.counts.missingMediaFiles).toBe(0);
    for (const [path, bytes] of s.mediaBytes) {
      expect(files.get(path)?.equals(bytes), path).toBe(true);
      expect(manifest.media.find((m) => m.path === path)).toMatchObject({
        sha256: sha256(bytes),
        sizeBytes: bytes.length,
      });
    }

    // No secret anywhere: in the raw archive nor in any entry once inflated.
    const haystacks = [zip, ...files.values()];
    for (const secret of s.secrets) {
      for (const hay of haystacks) expect(hay.includes(Buffer.from(secret)), "a stored secret").toBe(false);
    }
    for (const bytes of s.sealed) {
      const forms = [bytes, Buffer.from(bytes.toString("base64")), Buffer.from(bytes.toString("hex"))];
      for (const hay of haystacks)
        for (const form of forms) expect(hay.includes(form), "sealed bytes").toBe(false);
    }
  });

  it("exports one brand without any other brand's rows, and refuses roles and brands it must", async () => {
    const s = await seed();
    const view = await done(s.ctx, (await start(s.ctx, s.one.brand.id)).id);
    expect(view.status).toBe("DONE");
    const files = await unzip(await download(view));
    expect(files.has("data/members.json")).toBe(false);
    expect(json(files, "data/stories.json").map((r) => r.id)).toEqual([s.one.story.id]);
    expect(json(files, "data/brands.json").map((r) => r.id)).toEqual([s.one.brand.id]);
    const foreign = [
      s.two.brand.id,
      s.two.story.id,
      ...s.two.channels.map((c) => c.id),
      ...s.two.frames.map((f) => f.id),
    ];
    for (const [name, bytes] of files) {
      for (const id of foreign) expect(bytes.includes(Buffer.from(id)), `${id} in ${name}`).toBe(false);
    }
    for (const row of json(files, "data/audit_log.json")) expect(row.brandId).toBe(s.one.brand.id);

    const editor = await makeMember(db(), s.workspace, "EDITOR");
    await expectAppError(start(editor, s.one.brand.id), "FORBIDDEN");
    await expectAppError(getDataExport({ db: db(), signing }, editor, { exportId: view.id }), "FORBIDDEN");
    const limited = await makeMember(db(), s.workspace, "ADMIN", { brandIds: [s.one.brand.id] });
    await expectAppError(start(limited, null), "FORBIDDEN");
    await expectAppError(start(limited, s.two.brand.id), "NOT_FOUND");
    expect((await getDataExport({ db: db(), signing }, limited, { exportId: view.id })).id).toBe(view.id);
  });

  it("keeps exports to their workspace, and the link to its export, its time and its row", async () => {
    const s = await seed();
    const view = await done(s.ctx, (await start(s.ctx, s.two.brand.id)).id);
    const { ctx: stranger } = await makeWorkspace(db());
    await expectAppError(getDataExport({ db: db(), signing }, stranger, { exportId: view.id }), "NOT_FOUND");
    await expectAppError(
      deleteDataExport({ db: db(), storage, logger }, stranger, { exportId: view.id }),
      "NOT_FOUND",
    );

    const url = new URL(view.downloadUrl ?? "");
    const exp = url.searchParams.get("exp");
    const sig = url.searchParams.get("sig");
    const open = (input: { exportId?: string; exp?: string | null; sig?: string | null }, now?: Date) =>
      openExportDownload(
        { db: db(), storage, authSecret: signing.authSecret, now: now ? () => now : undefined },
        {
          exportId: input.exportId ?? view.id,
          exp: "exp" in input ? (input.exp ?? null) : exp,
          sig: "sig" in input ? (input.sig ?? null) : sig,
        },
      );
    const genuine = await open({});
    expect(genuine.ok).toBe(true);
    if (genuine.ok) await genuine.body.cancel();
    const forged = `${sig?.slice(0, -2)}${sig?.endsWith("AA") ? "BA" : "AA"}`;
    expect(await open({ sig: forged })).toEqual({ ok: false, reason: "invalid" });
    expect(await open({ exp: String(Number(exp) + 3600) })).toEqual({ ok: false, reason: "invalid" });
    expect(await open({ sig: null })).toEqual({ ok: false, reason: "invalid" });
    // Another export's genuine link does not open this one.
    const other = new URL(
      exportDownloadUrl(signing, { id: "some-other-export", expiresAt: view.expiresAt ?? new Date() }),
    );
    expect(await open({ sig: other.searchParams.get("sig") })).toEqual({ ok: false, reason: "invalid" });
    // Signed with another secret: refused.
    const alien = new URL(
      exportDownloadUrl(
        { ...signing, authSecret: "x".repeat(40) },
        { id: view.id, expiresAt: view.expiresAt ?? new Date() },
      ),
    );
    expect(await open({ sig: alien.searchParams.get("sig") })).toEqual({ ok: false, reason: "invalid" });
    expect(await open({}, new Date((view.expiresAt?.getTime() ?? 0) + 1000))).toEqual({
      ok: false,
      reason: "expired",
    });

    const key = (await db().dataExport.findUniqueOrThrow({ where: { id: view.id } })).storageKey ?? "";
    expect(key.startsWith(`exports/${s.workspace.id}/`)).toBe(true);
    await deleteDataExport({ db: db(), storage, logger }, s.ctx, { exportId: view.id });
    expect(await open({})).toEqual({ ok: false, reason: "gone" });
    expect(await storage.stat(key)).toBeNull();
    const trail = await db().auditLog.findMany({
      where: { workspaceId: s.workspace.id, action: { startsWith: "export.data" } },
      select: { action: true, entityId: true, brandId: true },
    });
    expect(trail).toEqual(
      expect.arrayContaining([
        { action: "export.data", entityId: view.id, brandId: s.two.brand.id },
        { action: "export.data_delete", entityId: view.id, brandId: s.two.brand.id },
      ]),
    );
  });

  it("sweeps expired exports (file and row) and refuses a second export of a scope being built", async () => {
    const s = await seed();
    const view = await done(s.ctx, (await start(s.ctx, s.one.brand.id)).id);
    const key = (await db().dataExport.findUniqueOrThrow({ where: { id: view.id } })).storageKey ?? "";
    const queued = await db().dataExport.create({
      data: { workspaceId: s.workspace.id, brandId: s.two.brand.id },
    });
    await expectAppError(start(s.ctx, s.two.brand.id), "CONFLICT");
    await db().dataExport.delete({ where: { id: queued.id } });
    const later = new Date((view.expiresAt?.getTime() ?? 0) + 1000);
    const swept = await sweepDataExports({
      db: db(),
      storage,
      logger,
      queue,
      enqueue: (job) => enqueueDataExport(job, queue),
      now: later,
    });
    expect(swept.deleted).toBeGreaterThanOrEqual(1);
    expect(await db().dataExport.findUnique({ where: { id: view.id } })).toBeNull();
    expect(await storage.stat(key)).toBeNull();
  });
});
