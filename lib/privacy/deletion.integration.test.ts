import { randomUUID } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authSecret } from "@/lib/channels/credentials";
import { readCredentials } from "@/lib/channels/read-credentials";
import { registerSandboxAccounts } from "@/lib/channels/register-sandbox-accounts";
import { db } from "@/lib/db/client";
import type { Platform } from "@/lib/db/generated/enums";
import { env } from "@/lib/env";
import { newMediaKey } from "@/lib/media/media-key";
import { S3MediaStorage } from "@/lib/media/s3-storage";
import { LocalDiskMediaStorage, type MediaStorage } from "@/lib/media/storage";
import { publisherFor } from "@/lib/publishers/registry";
import { sweep } from "@/lib/publishing/sweep";
import { allQueueNames } from "@/lib/queue/all-queues";
import { bullOptions } from "@/lib/queue/queues";
import { redis } from "@/lib/redis/client";
import { scheduleStory } from "@/lib/stories/schedule-story";
import { makeBrand, makeMember, makeSandboxChannels, makeUser, makeWorkspace } from "@/prisma/factories";
import { S3_SANDBOX_CREDENTIALS } from "@/simulators/s3/s3-router";
import { expectAppError } from "@/test/assert/expect-app-error";
import { jpeg } from "@/test/media/media-fixtures";
import { eventually, type Pipeline, startPipeline } from "@/test/publishing/pipeline-test-kit";
import type { HardDeleteDeps } from "./deletion-deps";
import { hardDeleteAccount } from "./hard-delete-account";
import { purgeExpiredMedia } from "./purge-expired-media";
import { restoreAccount } from "./restore-account";
import { runDeletionSweep } from "./run-deletion-sweep";
import { scheduleAccountDeletion } from "./schedule-account-deletion";
import { scheduleBrandDeletion } from "./schedule-brand-deletion";
import { scheduleWorkspaceDeletion } from "./schedule-workspace-deletion";
import { undoBrandDeletion } from "./undo-brand-deletion";
import { undoWorkspaceDeletion } from "./undo-workspace-deletion";

const DAY = 86_400_000;
let kit: Pipeline;
let scratch: string;
let local: MediaStorage;
let s3: MediaStorage;
let prefix: string;

beforeAll(async () => {
  kit = await startPipeline();
  prefix = kit.deps.queues.dispatch.opts.prefix ?? "bull";
  scratch = await mkdtemp(join(tmpdir(), "storyrelay-deletion-"));
  local = new LocalDiskMediaStorage(scratch);
  s3 = new S3MediaStorage({
    bucket: "media",
    region: "us-east-1",
    endpoint: `${kit.simulator.url}/s3`,
    forcePathStyle: true,
    ...S3_SANDBOX_CREDENTIALS,
  });
});

afterAll(async () => {
  for (const name of allQueueNames(env().PUBLISH_QUEUE_SHARDS)) {
    const queue = new Queue(name, bullOptions(env().REDIS_URL, name, prefix));
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
  }
  await kit.close();
  await rm(scratch, { recursive: true, force: true });
});

function hardDeleteDeps(storage: MediaStorage, now: () => Date, crashOnce = false): HardDeleteDeps {
  let crashed = !crashOnce;
  return {
    db: db(),
    redis: redis(),
    queues: { target: env().REDIS_URL, publishShards: env().PUBLISH_QUEUE_SHARDS, prefix },
    storage,
    box: kit.deps.box,
    logger: kit.deps.logger,
    publisherFor,
    endpointsFor: kit.deps.endpointsFor,
    now,
    afterExternalCleanup: async () => {
      if (crashed) return;
      crashed = true;
      throw new Error("simulated crash mid-delete");
    },
  };
}

/** Per table, how many rows mention any of `ids` anywhere in the row (JSON, arrays and text included). */
async function rowsNaming(ids: string[]): Promise<Record<string, number>> {
  const tables = await db().$queryRaw<{ name: string }[]>`
    SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations'`;
  const found: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await db().$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM "${name}" t WHERE EXISTS (SELECT 1 FROM unnest($1::text[]) id WHERE position(id in t::text) > 0)`,
      ids,
    );
    if (row && row.n > 0) found[name] = row.n;
  }
  return found;
}

/** Redis keys (any prefix) naming one of `ids`. */
async function redisKeysNaming(ids: string[]): Promise<string[]> {
  const found: string[] = [];
  let cursor = "0";
  do {
    const [next, keys] = await redis().scan(cursor, "COUNT", 1000);
    cursor = next;
    found.push(...keys.filter((key) => ids.some((id) => key.includes(id))));
  } while (cursor !== "0");
  return found;
}

/** Jobs in every queue of the kit's prefix whose id or payload names one of `ids`. */
async function jobsNaming(ids: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const name of allQueueNames(env().PUBLISH_QUEUE_SHARDS)) {
    const queue = new Queue(name, bullOptions(env().REDIS_URL, name, prefix));
    const jobs = await queue.getJobs(["wait", "delayed", "prioritized", "active", "completed", "failed"]);
    for (const job of jobs) {
      const text = `${job.id} ${JSON.stringify(job.data)}`;
      if (ids.some((id) => text.includes(id))) found.push(`${name}/${job.id}`);
    }
    await queue.close();
  }
  return found;
}

/** A brand's image with its original and thumbnail stored, served to the simulators for publishing. */
/** A finished data export of the brand (or the whole workspace) with its archive in `storage`. */
async function storedExport(storage: MediaStorage, workspaceId: string, brandId: string | null) {
  const key = `exports/${workspaceId}/${randomUUID()}.zip`;
  await storage.put(key, new TextEncoder().encode("PK archive of everything"));
  const row = await db().dataExport.create({
    data: { workspaceId, brandId, status: "DONE", storageKey: key, expiresAt: new Date(Date.now() + DAY) },
  });
  return { id: row.id, key };
}

async function storedImage(storage: MediaStorage, workspaceId: string, brandId: string | null) {
  const bytes = jpeg({ seed: Math.floor(Math.random() * 1e9) });
  const [key, original, thumbnail] = [
    newMediaKey(workspaceId, "jpg"),
    newMediaKey(workspaceId, "jpg"),
    newMediaKey(workspaceId, "jpg"),
  ];
  for (const k of [key, original, thumbnail]) await storage.put(k, bytes);
  kit.media.serve(`/${key}`, bytes, "image/jpeg");
  const file = { mimeType: "image/jpeg", width: 1080, height: 1920, sizeBytes: bytes.length };
  const asset = await db().mediaAsset.create({
    data: {
      workspaceId,
      brandId,
      kind: "IMAGE",
      status: "READY",
      mimeType: "image/jpeg",
      originalName: "photo.jpg",
      sizeBytes: bytes.length,
      width: 1080,
      height: 1920,
      checksum: "0".repeat(64),
      storageKey: key,
      renditions: {
        original: { storageKey: original, ...file },
        thumbnail: { storageKey: thumbnail, ...file },
      },
    },
  });
  return { asset, keys: [key, original, thumbnail] };
}

async function revocations(): Promise<{ platform: string; accountId: string; call: string }[]> {
  const response = await fetch(`${kit.simulator.url}/_sim/revocations`);
  return ((await response.json()) as { data: { platform: string; accountId: string; call: string }[] }).data;
}

/** Sandbox channels the simulator knows (the kit registered only its own at start). */
async function channelsOf(brand: { id: string; workspaceId: string; name: string }, platforms?: Platform[]) {
  const channels = await makeSandboxChannels(db(), kit.deps.box, brand, platforms);
  await registerSandboxAccounts({
    db: db(),
    box: kit.deps.box,
    simulatorUrl: kit.simulator.url,
    logger: kit.deps.logger,
  });
  return channels;
}

const scheduleDeps = () => ({ db: db(), queues: kit.deps.queues, logger: kit.deps.logger });

describe("brand deletion with grace", () => {
  it("refuses the wrong role, a foreign brand and a wrong name, changing nothing", async () => {
    const brand = await makeBrand(db(), kit.workspace.id);
    const editor = await makeMember(db(), kit.workspace, "EDITOR");
    const now = () => new Date();
    await expectAppError(
      scheduleBrandDeletion({ db: db(), now }, editor, brand.id, { confirmName: brand.name }),
      "FORBIDDEN",
    );
    const other = await makeWorkspace(db());
    await expectAppError(
      scheduleBrandDeletion({ db: db(), now }, other.ctx, brand.id, { confirmName: brand.name }),
      "NOT_FOUND",
    );
    await expectAppError(
      scheduleBrandDeletion({ db: db(), now }, kit.ctx, brand.id, { confirmName: "not the name" }),
      "INVALID_INPUT",
    );
    await expectAppError(undoBrandDeletion({ db: db(), now }, kit.ctx, brand.id), "CONFLICT");
    const after = await db().brand.findUniqueOrThrow({ where: { id: brand.id } });
    expect(after.deleteAfter).toBeNull();
  });

  it("holds a story that falls due during grace, and undo restores every row exactly", async () => {
    const brand = await makeBrand(db(), kit.workspace.id);
    const channels = await channelsOf(brand, ["INSTAGRAM", "FACEBOOK"]);
    const { asset } = await storedImage(local, kit.workspace.id, brand.id);
    const now = () => new Date();
    await scheduleBrandDeletion({ db: db(), now }, kit.ctx, brand.id, { confirmName: brand.name });
    const ids = [brand.id, ...channels.map((c) => c.id), asset.id];
    const ledgerBefore = (await kit.ledger()).length;

    // Due now, during grace: the dispatch job runs, the sweep runs, and nothing goes out.
    const story = await scheduleStory(scheduleDeps(), kit.ctx, {
      brandId: brand.id,
      channelIds: channels.map((c) => c.id),
      frames: [asset.id],
      when: { now: true },
    });
    await eventually(
      () => kit.deps.queues.dispatch.getJobCounts("wait", "delayed", "active", "prioritized"),
      (counts) => Object.values(counts).every((n) => n === 0),
    );
    await sweep(kit.deps);
    await eventually(
      () => kit.deps.queues.dispatch.getJobCounts("wait", "delayed", "active", "prioritized"),
      (counts) => Object.values(counts).every((n) => n === 0),
    );
    expect((await db().story.findUniqueOrThrow({ where: { id: story.id } })).status).toBe("SCHEDULED");
    expect((await kit.ledger()).length).toBe(ledgerBefore);

    const during = await rowsNaming([...ids, story.id]);
    await undoBrandDeletion({ db: db(), now }, kit.ctx, brand.id);
    const restored = await rowsNaming([...ids, story.id]);
    // The same rows, the undo's own audit entry aside.
    expect({ ...restored, AuditLog: 0 }).toEqual({ ...during, AuditLog: 0 });
    expect(restored.AuditLog).toBe((during.AuditLog ?? 0) + 1);
    const back = await db().brand.findUniqueOrThrow({ where: { id: brand.id } });
    expect(back.deleteAfter).toBeNull();

    // Once undone, the held story is an ordinary one whose time came: still fresh, it goes out.
    await sweep(kit.deps);
    await eventually(
      () => db().story.findUniqueOrThrow({ where: { id: story.id } }),
      (s) => s.status === "PUBLISHED",
    );
    expect((await kit.ledger()).length).toBe(ledgerBefore + 2);
  });
});

describe("hard delete after grace", () => {
  it("leaves nothing of the brand (rows, files, jobs, Redis keys), revokes at the platforms, survives a crash, and leaves the other brand alone", async () => {
    const brand = await makeBrand(db(), kit.workspace.id);
    const channels = await channelsOf(brand);
    const other = await makeBrand(db(), kit.workspace.id);
    const otherChannels = await channelsOf(other, ["INSTAGRAM"]);
    const mine = await storedImage(s3, kit.workspace.id, brand.id);
    const theirs = await storedImage(s3, kit.workspace.id, other.id);
    const myExport = await storedExport(s3, kit.workspace.id, brand.id);
    const theirExport = await storedExport(s3, kit.workspace.id, other.id);

    // A published story, then one scheduled next week (its dispatch job waits in Redis).
    const published = await scheduleStory(scheduleDeps(), kit.ctx, {
      brandId: brand.id,
      channelIds: channels.map((c) => c.id),
      frames: [mine.asset.id],
      when: { now: true },
    });
    await eventually(
      () => db().story.findUniqueOrThrow({ where: { id: published.id } }),
      (s) => s.status === "PUBLISHED",
    );
    const later = new Date(Date.now() + 7 * DAY).toISOString();
    const scheduled = await scheduleStory(scheduleDeps(), kit.ctx, {
      brandId: brand.id,
      channelIds: channels.map((c) => c.id),
      frames: [mine.asset.id],
      when: { at: later },
    });
    const theirStory = await scheduleStory(scheduleDeps(), kit.ctx, {
      brandId: other.id,
      channelIds: otherChannels.map((c) => c.id),
      frames: [theirs.asset.id],
      when: { at: later },
    });
    // Jobs of other queues and Redis keys that name the brand's things.
    const target = await db().storyTarget.findFirstOrThrow({ where: { storyId: published.id } });
    const frame = await db().storyTargetFrame.findFirstOrThrow({ where: { targetId: target.id } });
    const insights = new Queue("insights", bullOptions(env().REDIS_URL, "insights", prefix));
    await insights.add(
      "read",
      { targetFrameId: frame.id, workspaceId: kit.workspace.id, slot: "H1" },
      {
        jobId: `insight-${frame.id}-H1`,
        delay: DAY,
      },
    );
    await insights.close();
    const delivery = await db().inboundDelivery.create({
      data: { source: "waha", channelId: channels[0]?.id, body: Buffer.from("{}") },
    });
    const inbox = new Queue("inbox-delivery", bullOptions(env().REDIS_URL, "inbox-delivery", prefix));
    await inbox.add("deliver", { deliveryId: delivery.id }, { jobId: `inbound-${delivery.id}`, delay: DAY });
    await inbox.close();
    for (const c of [...channels, ...otherChannels])
      await redis().set(`storyrelay:channel-calls:${c.id}`, "1");

    // The Instagram channel's token, read before its row goes, to show that Meta stops honouring it.
    const instagram = channels.find((c) => c.platform === "INSTAGRAM");
    if (!instagram) throw new Error("no Instagram channel");
    const igAccount = {
      externalAccountId: instagram.externalAccountId,
      secret: authSecret(await readCredentials(db(), kit.deps.box, instagram)),
      config: (instagram.config ?? {}) as Record<string, unknown>,
    };
    await publisherFor("INSTAGRAM").verifyAccount(igAccount, kit.deps.endpointsFor(instagram));

    const ids = [
      brand.id,
      ...channels.map((c) => c.id),
      published.id,
      scheduled.id,
      mine.asset.id,
      frame.id,
      myExport.id,
    ];
    const otherIds = [
      other.id,
      ...otherChannels.map((c) => c.id),
      theirStory.id,
      theirs.asset.id,
      theirExport.id,
    ];
    const otherRowsBefore = await rowsNaming(otherIds);
    expect(await jobsNaming(ids)).not.toEqual([]);

    await scheduleBrandDeletion({ db: db(), now: () => new Date() }, kit.ctx, brand.id, {
      confirmName: brand.name,
    });
    const afterGrace = () => new Date(Date.now() + 8 * DAY);
    // Before the grace period ends the sweep deletes nothing.
    const early = await runDeletionSweep(hardDeleteDeps(s3, () => new Date()));
    expect(early.brands).toBe(0);
    expect(await db().brand.count({ where: { id: brand.id } })).toBe(1);

    // A crash after the files, jobs and revocations, before the rows: the next sweep finishes.
    const crashing = hardDeleteDeps(s3, afterGrace, true);
    expect(await runDeletionSweep(crashing)).toMatchObject({ brands: 0, failed: 1 });
    expect(await db().brand.count({ where: { id: brand.id } })).toBe(1);
    expect(await runDeletionSweep(crashing)).toMatchObject({ brands: 1, failed: 0 });

    const left = await rowsNaming(ids);
    // The audit trail keeps the brand's entries by design (decision 030), with "deleted for good".
    expect(Object.keys(left)).toEqual(["AuditLog"]);
    const completed = await db().auditLog.findFirstOrThrow({
      where: { workspaceId: kit.workspace.id, brandId: brand.id, action: "brand.deleted" },
    });
    expect((completed.data as { revocations: unknown[] }).revocations).toHaveLength(3);
    for (const key of mine.keys) expect(await s3.stat(key)).toBeNull();
    for (const key of theirs.keys) expect(await s3.stat(key)).not.toBeNull();
    // Its data exports are copies of it: archive and row are gone; the other brand's stay.
    expect(await s3.stat(myExport.key)).toBeNull();
    expect(await s3.stat(theirExport.key)).not.toBeNull();
    expect(await redisKeysNaming(ids)).toEqual([]);
    expect(await jobsNaming(ids)).toEqual([]);

    // The other brand: every row, its file, its job and its key untouched.
    expect(await rowsNaming(otherIds)).toEqual(otherRowsBefore);
    expect(await jobsNaming([theirStory.id])).not.toEqual([]);
    expect(await redisKeysNaming(otherChannels.map((c) => c.id))).not.toEqual([]);

    // The platforms were asked to forget us, and Meta's token no longer works.
    const asked = await revocations();
    expect(asked.map((r) => r.platform).sort()).toEqual(
      expect.arrayContaining(["facebook", "instagram", "whatsapp"]),
    );
    await expect(
      publisherFor("INSTAGRAM").verifyAccount(igAccount, kit.deps.endpointsFor(instagram)),
    ).rejects.toMatchObject({ errorClass: "reauth_required" });
    expect(asked.filter((r) => r.platform === "whatsapp").map((r) => r.accountId)).toContain(
      channels.find((c) => c.platform === "WHATSAPP")?.externalAccountId,
    );
  });

  it("deletes a whole workspace (owner only) and nothing of another", async () => {
    const { workspace, ctx } = await makeWorkspace(db());
    const brand = await makeBrand(db(), workspace.id);
    const channels = await channelsOf(brand, ["FACEBOOK", "WHATSAPP"]);
    const files = await storedImage(local, workspace.id, brand.id);
    const archive = await storedExport(local, workspace.id, null);
    const admin = await makeMember(db(), workspace, "ADMIN");
    const now = () => new Date();
    await expectAppError(
      scheduleWorkspaceDeletion({ db: db(), now }, admin, { confirmName: workspace.name }),
      "FORBIDDEN",
    );
    await expectAppError(
      scheduleWorkspaceDeletion({ db: db(), now }, ctx, { confirmName: "nope" }),
      "INVALID_INPUT",
    );
    const keepers = await rowsNaming([kit.workspace.id]);

    await scheduleWorkspaceDeletion({ db: db(), now }, ctx, { confirmName: workspace.name });
    await expectAppError(undoWorkspaceDeletion({ db: db(), now }, admin), "FORBIDDEN");
    await undoWorkspaceDeletion({ db: db(), now }, ctx);
    await scheduleWorkspaceDeletion({ db: db(), now }, ctx, { confirmName: workspace.name });
    await redis().set(`storyrelay:inbox:${workspace.id}`, "1");

    const report = await runDeletionSweep(hardDeleteDeps(local, () => new Date(Date.now() + 8 * DAY)));
    expect(report.workspaces).toBe(1);
    const ids = [workspace.id, brand.id, ...channels.map((c) => c.id), files.asset.id, archive.id];
    expect(await rowsNaming(ids)).toEqual({});
    for (const key of [...files.keys, archive.key]) expect(await local.stat(key)).toBeNull();
    expect(await readdir(join(scratch, workspace.id)).catch(() => [])).toEqual([]);
    expect(await redisKeysNaming(ids)).toEqual([]);
    expect(await jobsNaming(ids)).toEqual([]);
    expect(await rowsNaming([kit.workspace.id])).toEqual(keepers);
  });
});

describe("account deletion", () => {
  it("refuses the only owner of a shared workspace; otherwise ends sessions at once and later deletes the account with its own workspaces", async () => {
    const shared = await makeWorkspace(db());
    await makeMember(db(), shared.workspace, "EDITOR");
    const owner = await db().user.findUniqueOrThrow({ where: { id: shared.ownerId } });
    const now = () => new Date();
    const refused = await expectAppError(
      scheduleAccountDeletion({ db: db(), now }, owner.id, { confirmEmail: owner.email }),
      "CONFLICT",
    );
    expect(refused.message).toContain(shared.workspace.name);

    const user = await makeUser(db());
    const own = await makeWorkspace(db(), { ownerId: user.id });
    await makeMember(db(), shared.workspace, "EDITOR", { userId: user.id });
    await db().userSession.create({ data: { userId: user.id, ip: "127.0.0.1", userAgent: "test" } });
    await expectAppError(
      scheduleAccountDeletion({ db: db(), now }, user.id, { confirmEmail: "x@y.z" }),
      "INVALID_INPUT",
    );
    await scheduleAccountDeletion({ db: db(), now }, user.id, { confirmEmail: user.email });
    expect(await db().userSession.count({ where: { userId: user.id, revokedAt: null } })).toBe(0);
    // Its own workspace is held with it (nothing publishes); the shared one is not.
    expect(
      (await db().workspace.findUniqueOrThrow({ where: { id: own.workspace.id } })).deleteAfter,
    ).not.toBeNull();
    expect(
      (await db().workspace.findUniqueOrThrow({ where: { id: shared.workspace.id } })).deleteAfter,
    ).toBeNull();
    // Restoring brings both back; scheduling again holds them again.
    await restoreAccount({ db: db(), now }, user.id);
    expect(
      (await db().workspace.findUniqueOrThrow({ where: { id: own.workspace.id } })).deleteAfter,
    ).toBeNull();
    await scheduleAccountDeletion({ db: db(), now }, user.id, { confirmEmail: user.email });

    const report = await hardDeleteAccount(
      hardDeleteDeps(local, () => new Date(Date.now() + 8 * DAY)),
      {
        userId: user.id,
      },
    );
    expect(report).toMatchObject({ status: "deleted", workspacesDeleted: 1 });
    expect(await db().user.count({ where: { id: user.id } })).toBe(0);
    expect(await db().workspace.count({ where: { id: own.workspace.id } })).toBe(0);
    // The shared workspace stays, with the entry that a member's account was deleted.
    expect(await db().workspace.count({ where: { id: shared.workspace.id } })).toBe(1);
    expect(
      await db().auditLog.count({ where: { workspaceId: shared.workspace.id, action: "account.deleted" } }),
    ).toBe(1);
  });
});

describe("media retention", () => {
  it("deletes exactly the media of stories that finished more than N days ago", async () => {
    const { workspace } = await makeWorkspace(db());
    await db().workspace.update({ where: { id: workspace.id }, data: { mediaRetentionDays: 30 } });
    const brand = await makeBrand(db(), workspace.id);
    const [channel] = await channelsOf(brand, ["INSTAGRAM"]);
    const now = new Date("2026-12-06T12:00:00Z");
    const storyWith = async (status: "PUBLISHED" | "SCHEDULED", finishedDaysAgo: number | null) => {
      const media = await storedImage(local, workspace.id, brand.id);
      await db().story.create({
        data: {
          workspaceId: workspace.id,
          brandId: brand.id,
          status,
          frames: { create: { position: 0, mediaAssetId: media.asset.id } },
          targets: {
            create: {
              channelId: channel?.id as string,
              state: status === "PUBLISHED" ? "PUBLISHED" : "PENDING",
              publishedAt: finishedDaysAgo === null ? null : new Date(now.getTime() - finishedDaysAgo * DAY),
            },
          },
        },
      });
      return media;
    };
    const old = await storyWith("PUBLISHED", 31);
    const recent = await storyWith("PUBLISHED", 10);
    const open = await storyWith("SCHEDULED", null);

    const purged = await purgeExpiredMedia({
      db: db(),
      storage: local,
      logger: kit.deps.logger,
      now: () => now,
    });
    expect(purged).toBeGreaterThanOrEqual(1);
    for (const key of old.keys) expect(await local.stat(key)).toBeNull();
    expect((await db().mediaAsset.findUniqueOrThrow({ where: { id: old.asset.id } })).purgedAt).toEqual(now);
    for (const media of [recent, open]) {
      for (const key of media.keys) expect(await local.stat(key)).not.toBeNull();
      expect(
        (await db().mediaAsset.findUniqueOrThrow({ where: { id: media.asset.id } })).purgedAt,
      ).toBeNull();
    }
    // Off by default: another workspace's finished media is kept.
    expect(
      await purgeExpiredMedia({ db: db(), storage: local, logger: kit.deps.logger, now: () => now }),
    ).toBe(0);
  });
});
