import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { PLAN_COLUMNS } from "@/lib/import/csv-format";
import { getImportJob } from "@/lib/import/get-import-job";
import { startPlanImport } from "@/lib/import/start-plan-import";
import { createLogger } from "@/lib/logger";
import { enqueuePlanImport } from "@/lib/queue/plan-import-queue";
import type { WorkspaceContext } from "@/lib/workspaces/context";
import { makeBrand, makeMediaAsset, makeSandboxChannels, makeWorkspace } from "@/prisma/factories";
import { waitUntil } from "@/test/assert/wait-until";
import { jpeg } from "@/test/media/media-fixtures";
import { noisyJpeg } from "@/test/media/test-media";
import { startMediaServer } from "@/test/simulators/media-server";
import { startImportWorker } from "./import-worker";
import { startMediaWorker } from "./media-worker";

// Plan rows whose frames are URLs, end to end: a local origin serves a JPEG, a 404 and an HTML
// page; the import worker fetches through the media URL import and the media worker (same queue
// prefix) processes the file before the rows that use it are scheduled. ALLOW_PRIVATE_URLS is on
// in the integration set-up, so the loopback origin may be fetched.

const logger = createLogger("test", "silent");
const day = (offset: number) => new Date(Date.now() + (10 + offset) * 86_400_000).toISOString().slice(0, 10);
const csv = (lines: string[]) => new TextEncoder().encode(`${PLAN_COLUMNS.join(",")}\n${lines.join("\n")}\n`);

describe("plan import with frames given as URLs", () => {
  const prefix = `test-${randomUUID()}`;
  let imports: ReturnType<typeof startImportWorker>;
  let media: ReturnType<typeof startMediaWorker>;
  let origin: Awaited<ReturnType<typeof startMediaServer>>;
  let photo: Buffer;

  beforeAll(async () => {
    imports = startImportWorker({ config: env(), logger, prefix, sweep: false });
    media = startMediaWorker({ config: env(), logger, prefix, sweep: false });
    origin = await startMediaServer();
    photo = await noisyJpeg(1080, 1350);
  });
  afterAll(async () => {
    await imports.queue.obliterate({ force: true }).catch(() => undefined);
    await media.queue.obliterate({ force: true }).catch(() => undefined);
    await Promise.all([imports.close(), media.close(), origin.close()]);
  });

  async function setup() {
    const { workspace, ctx } = await makeWorkspace(db());
    const brand = await makeBrand(db(), workspace.id, { name: `Acme ${workspace.id}` });
    const [channel] = await makeSandboxChannels(db(), secretBoxFromEnv(env()), brand, ["INSTAGRAM"]);
    const row = (offset: number, frames: string, title: string, stickers = "") =>
      `${brand.name},${channel?.displayName},${day(offset)},12:00,,${frames},,${stickers},"${title}"`;
    return { workspace, ctx, brand, row };
  }

  async function runImport(ctx: WorkspaceContext, brandId: string, bytes: Uint8Array<ArrayBuffer>) {
    const started = await startPlanImport(
      {
        db: db(),
        logger,
        enqueue: (job) => enqueuePlanImport(job, imports.queue),
        allowPrivateUrls: env().ALLOW_PRIVATE_URLS,
      },
      ctx,
      { brandId, fileName: "urls.csv", bytes },
    );
    if (started.status !== "queued") throw new Error(JSON.stringify(started.report.problems));
    return waitUntil(
      async () => {
        const job = await getImportJob({ db: db() }, ctx, { importId: started.importId });
        return job.status === "DONE" || job.status === "FAILED" ? job : undefined;
      },
      { timeoutMs: 60_000, what: "the import to finish" },
    );
  }

  it("schedules the rows with a good URL's processed frame and reports the bad URLs by row", async () => {
    const { workspace, ctx, brand, row } = await setup();
    const run = randomUUID();
    const good = origin.serve(`/${run}/spring.jpg`, photo, "image/jpeg");
    const missing = origin.url(`/${run}/gone.jpg`);
    const page = origin.serve(`/${run}/page`, Buffer.from("<!doctype html><p>Not an image</p>"), "text/html");
    const library = await makeMediaAsset(db(), workspace.id, {
      kind: "IMAGE",
      bytes: jpeg({ seed: 11 }),
      mimeType: "image/jpeg",
    });
    const file = csv([
      row(0, good, "From a URL"),
      // The sticker names the URL's frame by its place in the row, like a library id's.
      row(1, `${library.id};${good}`, "Library, then the same URL", "2 mention @acme 0.1 0.2"),
      row(2, missing, "Missing file"),
      row(3, page, "A web page"),
      row(4, library.id, "Library only"),
    ]);

    const job = await runImport(ctx, brand.id, file);
    expect(job).toMatchObject({
      status: "DONE",
      rows: { total: 5, done: 5, created: 3, skipped: 0, failed: 2 },
      error: null,
    });
    expect(job.failures.map((f) => [f.row, f.column])).toEqual([
      [4, "frames"],
      [5, "frames"],
    ]);
    expect(job.failures[0]?.problem).toContain(missing);
    expect(job.failures[0]?.problem).toMatch(/HTTP 404/);
    expect(job.failures[1]?.problem).toMatch(new RegExp(`^${page}: .*HTML page, not an image or video`));
    expect(job.failures[0]?.fix).toMatch(/import the file again/);

    // One fetch for the two rows that use the URL, one asset, in the brand's library and READY.
    expect(origin.hits(`/${run}/spring.jpg`)).toBe(1);
    const fetched = await db().mediaAsset.findMany({
      where: { workspaceId: workspace.id, id: { not: library.id } },
    });
    expect(fetched).toHaveLength(1);
    expect(fetched[0]).toMatchObject({ status: "READY", brandId: brand.id, kind: "IMAGE" });
    const stories = await db().story.findMany({
      where: { workspaceId: workspace.id },
      orderBy: { scheduledAt: "asc" },
      include: { frames: { orderBy: { position: "asc" } } },
    });
    expect(stories.map((s) => [s.title, s.status, s.frames.map((f) => f.mediaAssetId)])).toEqual([
      ["From a URL", "SCHEDULED", [fetched[0]?.id]],
      ["Library, then the same URL", "SCHEDULED", [library.id, fetched[0]?.id]],
      ["Library only", "SCHEDULED", [library.id]],
    ]);
    expect(stories[1]?.frames.map((f) => f.stickers)).toEqual([
      [],
      [{ kind: "mention", username: "acme", x: 0.1, y: 0.2 }],
    ]);

    // The same file again: the imported rows are skipped without fetching their URL again; the
    // bad rows are tried (and refused) again.
    const again = await runImport(ctx, brand.id, file);
    expect(again).toMatchObject({
      status: "DONE",
      rows: { total: 5, done: 5, created: 0, skipped: 3, failed: 2 },
    });
    expect(origin.hits(`/${run}/spring.jpg`)).toBe(1);
    expect(await db().mediaAsset.count({ where: { workspaceId: workspace.id } })).toBe(2);
    expect(await db().story.count({ where: { workspaceId: workspace.id } })).toBe(3);
  });

  it("fetches into the importing workspace only: another workspace's media id stays refused", async () => {
    const first = await setup();
    const second = await setup();
    const run = randomUUID();
    const good = origin.serve(`/${run}/shared.jpg`, photo, "image/jpeg");
    const foreign = await makeMediaAsset(db(), first.workspace.id, {
      kind: "IMAGE",
      bytes: jpeg({ seed: 12 }),
      mimeType: "image/jpeg",
    });

    const refused = await startPlanImport(
      { db: db(), logger, enqueue: async () => undefined, allowPrivateUrls: true },
      second.ctx,
      {
        brandId: second.brand.id,
        fileName: "foreign.csv",
        bytes: csv([second.row(0, foreign.id, "Foreign")]),
      },
    );
    expect(refused.status).toBe("refused");
    if (refused.status === "refused")
      expect(refused.report.problems).toMatchObject([
        {
          row: 2,
          column: "frames",
          problem: `There is no media "${foreign.id}" in this workspace's library.`,
        },
      ]);

    const mine = await runImport(first.ctx, first.brand.id, csv([first.row(0, good, "First's")]));
    const theirs = await runImport(second.ctx, second.brand.id, csv([second.row(0, good, "Second's")]));
    expect([mine.rows.created, theirs.rows.created]).toEqual([1, 1]);
    // Each workspace fetched its own copy; neither story uses the other's asset.
    const frameOf = async (workspaceId: string) =>
      (await db().storyFrame.findFirstOrThrow({ where: { workspaceId }, include: { mediaAsset: true } }))
        .mediaAsset;
    expect(await frameOf(first.workspace.id)).toMatchObject({ workspaceId: first.workspace.id });
    expect(await frameOf(second.workspace.id)).toMatchObject({ workspaceId: second.workspace.id });
    expect(origin.hits(`/${run}/shared.jpg`)).toBe(2);
  });
});
