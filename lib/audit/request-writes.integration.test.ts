import { randomUUID } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBrand } from "@/lib/brands/create-brand";
import { moveStoryToDay } from "@/lib/calendar/move-story-to-day";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { createLogger } from "@/lib/logger";
import { LocalDiskMediaStorage } from "@/lib/media/storage";
import { storeMediaAsset } from "@/lib/media/store-media-asset";
import { createPublishQueues, type PublishQueues } from "@/lib/queue/publish-queues";
import { cancelStory } from "@/lib/stories/cancel-story";
import { duplicateStory } from "@/lib/stories/duplicate-story";
import { publishNow } from "@/lib/stories/publish-now";
import { rescheduleStory } from "@/lib/stories/reschedule-story";
import { saveDraft } from "@/lib/stories/save-draft";
import { scheduleStory } from "@/lib/stories/schedule-story";
import { updateStory } from "@/lib/stories/update-story";
import { createWebhook } from "@/lib/webhooks/create-webhook";
import type { WorkspaceContext } from "@/lib/workspaces/context";
import { makeBrand, makeMediaAsset, makeSandboxChannels, makeWorkspace } from "@/prisma/factories";
import { jpeg } from "@/test/media/media-fixtures";

// Every request's writes are one transaction: with a failure injected at its last statement (a
// trigger refusing the audit row, written after everything else), each use case that writes
// leaves the workspace exactly as it was, and the story stays off the queue.

const FAIL_TABLE = `test_fail_audit_${randomUUID().replaceAll("-", "")}`;

describe("one transaction per request's writes", () => {
  let queues: PublishQueues;
  let mediaRoot: string;
  let storage: LocalDiskMediaStorage;
  const deps = () => ({ db: db(), queues, logger: createLogger("test", "silent") });

  beforeAll(async () => {
    queues = createPublishQueues(env().REDIS_URL, `test-${randomUUID()}`);
    mediaRoot = await mkdtemp(join(tmpdir(), "storyrelay-writes-"));
    storage = new LocalDiskMediaStorage(mediaRoot);
    // Audit rows of the workspaces listed in FAIL_TABLE fail; every other test runs untouched.
    await db().$executeRawUnsafe(`CREATE TABLE "${FAIL_TABLE}" ("workspaceId" text PRIMARY KEY)`);
    await db().$executeRawUnsafe(`CREATE FUNCTION "${FAIL_TABLE}_fn"() RETURNS trigger AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM "${FAIL_TABLE}" WHERE "workspaceId" = NEW."workspaceId") THEN
          RAISE EXCEPTION 'injected failure before the audit row';
        END IF;
        RETURN NEW;
      END $$ LANGUAGE plpgsql`);
    await db().$executeRawUnsafe(
      `CREATE TRIGGER "${FAIL_TABLE}_trg" BEFORE INSERT ON "AuditLog" FOR EACH ROW EXECUTE FUNCTION "${FAIL_TABLE}_fn"()`,
    );
  });
  afterAll(async () => {
    await db().$executeRawUnsafe(`DROP TRIGGER IF EXISTS "${FAIL_TABLE}_trg" ON "AuditLog"`);
    await db().$executeRawUnsafe(`DROP FUNCTION IF EXISTS "${FAIL_TABLE}_fn"()`);
    await db().$executeRawUnsafe(`DROP TABLE IF EXISTS "${FAIL_TABLE}"`);
    await queues.dispatch.obliterate({ force: true }).catch(() => undefined);
    await queues.close();
    await rm(mediaRoot, { recursive: true, force: true });
  });

  /** Every row of the workspace a request could write, in a stable order. */
  async function snapshot(workspaceId: string) {
    const where = { where: { workspaceId }, orderBy: { id: "asc" as const } };
    return {
      stories: await db().story.findMany(where),
      frames: await db().storyFrame.findMany(where),
      targets: await db().storyTarget.findMany(where),
      targetFrames: await db().storyTargetFrame.findMany(where),
      audit: await db().auditLog.findMany(where),
      brands: await db().brand.findMany(where),
      webhooks: await db().webhook.findMany(where),
      media: await db().mediaAsset.findMany(where),
      files: await readdir(join(mediaRoot, workspaceId)).catch(() => []),
    };
  }

  async function dispatchJobs() {
    return (await queues.dispatch.getJobs(["delayed", "waiting", "prioritized"])).length;
  }

  /** Runs `write` with the workspace's audit row failing; expects the failure and no change at all. */
  async function expectNothingLeft(ctx: WorkspaceContext, name: string, write: () => Promise<unknown>) {
    const before = await snapshot(ctx.workspaceId);
    const jobsBefore = await dispatchJobs();
    await db().$executeRawUnsafe(`INSERT INTO "${FAIL_TABLE}" VALUES ($1)`, ctx.workspaceId);
    try {
      await expect(write(), name).rejects.toThrow(/injected failure/);
    } finally {
      await db().$executeRawUnsafe(`DELETE FROM "${FAIL_TABLE}" WHERE "workspaceId" = $1`, ctx.workspaceId);
    }
    expect(await snapshot(ctx.workspaceId), name).toEqual(before);
    expect(await dispatchJobs(), name).toBe(jobsBefore);
  }

  it("leaves nothing behind when any story write fails at its last statement", async () => {
    const { workspace, ctx } = await makeWorkspace(db());
    const brand = await makeBrand(db(), workspace.id, { timeZone: "Europe/Berlin" });
    const channels = await makeSandboxChannels(db(), secretBoxFromEnv(env()), brand);
    const image = await makeMediaAsset(db(), workspace.id, {
      kind: "IMAGE",
      bytes: jpeg({ width: 1080, height: 1920 }),
      mimeType: "image/jpeg",
    });
    const content = { channelIds: channels.map((c) => c.id), frames: [image.id], title: "Atomic" };
    // Relative to the real clock, within the schedule horizon whenever this runs.
    const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
    const when = { at: inDays(1) };
    const scheduled = await scheduleStory(deps(), ctx, { ...content, brandId: brand.id, when });
    const draft = await saveDraft(deps(), ctx, {
      ...content,
      brandId: brand.id,
      local: inDays(30).slice(0, 16),
    });

    await expectNothingLeft(ctx, "schedule", () =>
      scheduleStory(deps(), ctx, { ...content, brandId: brand.id, when }),
    );
    await expectNothingLeft(ctx, "new draft", () =>
      saveDraft(deps(), ctx, { ...content, brandId: brand.id }),
    );
    await expectNothingLeft(ctx, "draft of a scheduled story", () =>
      saveDraft(deps(), ctx, { ...content, storyId: scheduled.id, frames: [], channelIds: [] }),
    );
    await expectNothingLeft(ctx, "update", () =>
      updateStory(deps(), ctx, draft.id, { ...content, title: "Changed", when }),
    );
    await expectNothingLeft(ctx, "reschedule", () =>
      rescheduleStory(deps(), ctx, scheduled.id, { when: { local: inDays(40).slice(0, 16) } }),
    );
    await expectNothingLeft(ctx, "move to day", () =>
      moveStoryToDay(deps(), ctx, { storyId: scheduled.id, date: inDays(41).slice(0, 10) }),
    );
    await expectNothingLeft(ctx, "duplicate", () => duplicateStory(deps(), ctx, scheduled.id));
    await expectNothingLeft(ctx, "publish now", () => publishNow(deps(), ctx, draft.id));
    await expectNothingLeft(ctx, "cancel", () => cancelStory(deps(), ctx, scheduled.id));
  });

  it("leaves nothing behind when creating a brand, a webhook or a media file fails at its last statement", async () => {
    const { ctx } = await makeWorkspace(db());
    await expectNothingLeft(ctx, "brand", () =>
      createBrand(db(), ctx, { name: "Harbour", timeZone: "Europe/Lisbon" }),
    );
    await expectNothingLeft(ctx, "webhook", () =>
      createWebhook({ db: db(), box: secretBoxFromEnv(env()), allowPrivate: true }, ctx, {
        url: "http://127.0.0.1:9/hook",
        events: ["story.published"],
      }),
    );
    // The stored file goes too: the upload's bytes are removed when its row cannot be written.
    await expectNothingLeft(ctx, "media upload", () =>
      storeMediaAsset({ db: db(), storage, maxBytes: 10 * 1024 * 1024, enqueue: async () => {} }, ctx, {
        bytes: jpeg({ width: 1080, height: 1920 }),
        originalName: "menu.jpg",
      }),
    );
  });
});
