import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { createLogger } from "@/lib/logger";
import { ingestMedia } from "@/lib/media/ingest-media";
import { processingOptionsSchema } from "@/lib/media/processing-options";
import { requeueStuckMedia } from "@/lib/media/requeue-stuck-media";
import { mediaStorage } from "@/lib/media/storage-config";
import { enqueueMediaJob } from "@/lib/queue/media-queue";
import { mediaJobId } from "@/lib/queue/queues";
import { makeWorkspace } from "@/prisma/factories";
import { waitUntil } from "@/test/assert/wait-until";
import { noisyJpeg } from "@/test/media/test-media";
import { startMediaWorker } from "./media-worker";

// The media queue end to end: real Redis and BullMQ, the worker as the media kind starts it (workers/media-kind.ts).
describe("media worker", () => {
  let media: ReturnType<typeof startMediaWorker>;

  beforeAll(() => {
    media = startMediaWorker({
      config: env(),
      logger: createLogger("test", "silent"),
      prefix: `test-${randomUUID()}`,
      sweep: false,
    });
  });

  afterAll(async () => {
    await media.close();
  });

  async function upload(enqueue: (job: { assetId: string; workspaceId: string }) => Promise<void>) {
    const { ctx } = await makeWorkspace(db());
    const asset = await ingestMedia(
      { db: db(), storage: mediaStorage(), maxBytes: 50 * 1024 * 1024, enqueue },
      ctx,
      {
        source: { bytes: await noisyJpeg(1200, 900) },
        originalName: "shop.jpg",
        options: processingOptionsSchema.parse({}),
      },
    );
    return asset;
  }

  const ready = (id: string) =>
    waitUntil(
      async () => {
        const asset = await db().mediaAsset.findUniqueOrThrow({ where: { id } });
        return asset.status === "PROCESSING" ? undefined : asset;
      },
      { timeoutMs: 20_000, what: "the asset to leave PROCESSING" },
    );

  it("processes an upload enqueued on the media queue", async () => {
    const asset = await upload((job) => enqueueMediaJob(job, media.queue));
    expect(await ready(asset.id)).toMatchObject({
      status: "READY",
      width: 1080,
      height: 1920,
      mimeType: "image/jpeg",
    });
  });

  it("re-enqueues an asset whose job was lost (Redis flushed)", async () => {
    const lost = await upload(async () => {
      throw new Error("Redis is down");
    });
    expect(lost.status).toBe("PROCESSING");
    // Stuck for two minutes.
    await db().mediaAsset.update({
      where: { id: lost.id },
      data: { updatedAt: new Date(Date.now() - 120_000) },
    });
    const requeued = await requeueStuckMedia({
      db: db(),
      queue: media.queue,
      enqueue: (job) => enqueueMediaJob(job, media.queue),
    });
    expect(requeued).toBeGreaterThanOrEqual(1);
    expect(await media.queue.getJob(mediaJobId({ assetId: lost.id }))).toBeDefined();
    expect((await ready(lost.id)).status).toBe("READY");
  });
});
