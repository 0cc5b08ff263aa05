import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { PLAN_COLUMNS } from "@/lib/import/csv-format";
import { getImportJob } from "@/lib/import/get-import-job";
import { requeueStuckImports } from "@/lib/import/requeue-stuck-imports";
import { IMPORT_STALE_AFTER_MS, runImportJob } from "@/lib/import/run-import-job";
import { startPlanImport } from "@/lib/import/start-plan-import";
import { createLogger } from "@/lib/logger";
import { enqueuePlanImport } from "@/lib/queue/plan-import-queue";
import { createPublishQueues, type PublishQueues } from "@/lib/queue/publish-queues";
import { dispatchJobId } from "@/lib/queue/queues";
import { makeBrand, makeMediaAsset, makeSandboxChannels, makeWorkspace } from "@/prisma/factories";
import { waitUntil } from "@/test/assert/wait-until";
import { jpeg } from "@/test/media/media-fixtures";
import { startImportWorker } from "./import-worker";

// Background plan imports end to end: real Postgres, Redis and BullMQ, the worker as
// workers/media-kind.ts starts it (its own queue prefix, no periodic sweep: the tests call it).

const logger = createLogger("test", "silent");
/** Ten days ahead, so every row is in the future and within the schedule horizon. */
const day = (offset: number) => new Date(Date.now() + (10 + offset) * 86_400_000).toISOString().slice(0, 10);
const csv = (lines: string[]) => new TextEncoder().encode(`${PLAN_COLUMNS.join(",")}\n${lines.join("\n")}\n`);

describe("import worker", () => {
  let imports: ReturnType<typeof startImportWorker>;
  let publishQueues: PublishQueues;
  const prefix = `test-${randomUUID()}`;

  beforeAll(() => {
    imports = startImportWorker({ config: env(), logger, prefix, sweep: false });
    publishQueues = createPublishQueues(env().REDIS_URL, prefix);
  });
  afterAll(async () => {
    await imports.queue.obliterate({ force: true }).catch(() => undefined);
    await publishQueues.dispatch.obliterate({ force: true }).catch(() => undefined);
    await imports.close();
    await publishQueues.close();
  });

  async function setup() {
    const { workspace, ctx } = await makeWorkspace(db());
    const brand = await makeBrand(db(), workspace.id, { name: `Acme ${workspace.id}` });
    const [channel] = await makeSandboxChannels(db(), secretBoxFromEnv(env()), brand, ["INSTAGRAM"]);
    const media = await makeMediaAsset(db(), workspace.id, {
      kind: "IMAGE",
      bytes: jpeg({ seed: 7 }),
      mimeType: "image/jpeg",
    });
    const row = (offset: number, title: string) =>
      `${brand.name},${channel?.displayName},${day(offset)},12:00,,${media.id},,,"${title}"`;
    return { workspace, ctx, brand, row };
  }

  const finished = (ctx: Parameters<typeof getImportJob>[1], importId: string) =>
    waitUntil(
      async () => {
        const job = await getImportJob({ db: db() }, ctx, { importId });
        return job.status === "DONE" || job.status === "FAILED" ? job : undefined;
      },
      { timeoutMs: 30_000, what: "the import to finish" },
    );

  it("imports in the background, writes its progress, and answers only its own workspace", async () => {
    const { workspace, ctx, brand, row } = await setup();
    const started = await startPlanImport(
      { db: db(), logger, enqueue: (job) => enqueuePlanImport(job, imports.queue) },
      ctx,
      {
        brandId: brand.id,
        fileName: "march.csv",
        bytes: csv([row(0, "One"), row(1, "Two"), row(2, "Three")]),
      },
    );
    expect(started).toMatchObject({ status: "queued", rows: 3 });
    if (started.status !== "queued") return;
    const job = await finished(ctx, started.importId);
    expect(job).toMatchObject({
      status: "DONE",
      fileName: "march.csv",
      rows: { total: 3, done: 3, created: 3, skipped: 0, failed: 0 },
      error: null,
    });
    const stories = await db().story.findMany({ where: { workspaceId: workspace.id } });
    expect(stories.map((s) => s.status)).toEqual(["SCHEDULED", "SCHEDULED", "SCHEDULED"]);
    // The scheduled stories got their dispatch jobs, under the worker's prefix.
    for (const story of stories) {
      const id = dispatchJobId({ storyId: story.id, workspaceId: workspace.id, version: story.version });
      expect(await publishQueues.dispatch.getJob(id)).toBeDefined();
    }
    expect(await db().auditLog.count({ where: { workspaceId: workspace.id, action: "plan.import" } })).toBe(
      1,
    );

    const other = await makeWorkspace(db());
    const refusal = await getImportJob({ db: db() }, other.ctx, { importId: started.importId }).catch(
      (e) => e,
    );
    expect(isAppError(refusal, "NOT_FOUND")).toBe(true);
  });

  it("queues nothing when the dry run finds an error", async () => {
    const { workspace, ctx, brand, row } = await setup();
    let queued = 0;
    const started = await startPlanImport({ db: db(), logger, enqueue: async () => void queued++ }, ctx, {
      brandId: brand.id,
      fileName: "bad.csv",
      bytes: csv([row(0, "Fine"), "Nobody,x,2026-13-40,25:00,,,,,"]),
    });
    expect(started.status).toBe("refused");
    expect(queued).toBe(0);
    expect(await db().importJob.count({ where: { workspaceId: workspace.id } })).toBe(0);
  });

  it("an import whose job Redis lost is queued again by the sweep and runs", async () => {
    const { ctx, brand, row } = await setup();
    const started = await startPlanImport(
      {
        db: db(),
        logger,
        enqueue: async () => {
          throw new Error("Redis is down");
        },
      },
      ctx,
      { brandId: brand.id, fileName: "lost.csv", bytes: csv([row(3, "Lost and found")]) },
    );
    if (started.status !== "queued") throw new Error("the import was not queued");
    expect((await getImportJob({ db: db() }, ctx, { importId: started.importId })).status).toBe("QUEUED");
    const requeued = await requeueStuckImports({
      db: db(),
      queue: imports.queue,
      enqueue: (job) => enqueuePlanImport(job, imports.queue),
      now: new Date(Date.now() + 2 * 60_000),
    });
    expect(requeued).toBeGreaterThanOrEqual(1);
    expect(await finished(ctx, started.importId)).toMatchObject({
      status: "DONE",
      rows: { created: 1 },
    });
  });

  it("a running import is claimed once; a silent one is taken over and skips what was written", async () => {
    const { workspace, ctx, brand, row } = await setup();
    const started = await startPlanImport({ db: db(), logger, enqueue: async () => undefined }, ctx, {
      brandId: brand.id,
      fileName: "twice.csv",
      bytes: csv([row(4, "A"), row(5, "B")]),
    });
    if (started.status !== "queued") throw new Error("the import was not queued");
    await db().importJob.update({
      where: { id: started.importId },
      data: { status: "RUNNING", heartbeatAt: new Date() },
    });
    const runDeps = { db: db(), queues: publishQueues, logger };
    const job = { importJobId: started.importId, workspaceId: workspace.id };
    expect(await runImportJob(runDeps, job)).toBe("not-claimed");
    await db().importJob.update({
      where: { id: started.importId },
      data: { heartbeatAt: new Date(Date.now() - IMPORT_STALE_AFTER_MS - 1_000) },
    });
    expect(await runImportJob(runDeps, job)).toBe("done");
    expect(await runImportJob(runDeps, job)).toBe("not-claimed");
    // Taken over again (as if it had died at the end): the rows are there, so all are skipped.
    await db().importJob.update({
      where: { id: started.importId },
      data: { status: "RUNNING", heartbeatAt: new Date(0) },
    });
    expect(await runImportJob(runDeps, job)).toBe("done");
    expect(await getImportJob({ db: db() }, ctx, { importId: started.importId })).toMatchObject({
      rows: { created: 0, skipped: 2 },
    });
    expect(await db().story.count({ where: { workspaceId: workspace.id } })).toBe(2);
  });
});
