import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createLogger } from "@/lib/logger";
import { mediaStorage } from "@/lib/media/storage-config";
import type { MediaJob } from "@/lib/queue/queues";
import { makeBrand, makeWorkspace } from "@/prisma/factories";
import { noisyJpeg } from "@/test/media/test-media";
import { startMediaServer } from "@/test/simulators/media-server";
import { fetchPlanMedia, type PlanMediaDeps, planMediaKey } from "./fetch-plan-media";

// The fetch step of a plan import against a local origin and the real database, without a media
// worker: the test's `enqueue` plays the worker (marks the asset READY or FAILED, or leaves it
// PROCESSING), so each way a URL can fail is seen on its own.

const logger = createLogger("test", "silent");

describe("fetchPlanMedia", () => {
  let origin: Awaited<ReturnType<typeof startMediaServer>>;
  let photo: Buffer;

  beforeAll(async () => {
    origin = await startMediaServer();
    photo = await noisyJpeg(600, 800);
  });
  afterAll(() => origin.close());

  const media = (overrides: Partial<PlanMediaDeps> = {}): PlanMediaDeps => ({
    storage: mediaStorage(),
    maxBytes: 10 * 1024 * 1024,
    deadlineMs: 5_000,
    allowPrivate: true,
    enqueue: (job: MediaJob) => settle(job, "READY"),
    pollMs: 20,
    ...overrides,
  });
  const settle = async (job: MediaJob, status: "READY" | "FAILED") => {
    await db().mediaAsset.update({
      where: { id: job.assetId },
      data: { status, errorMessage: status === "FAILED" ? "The picture is 1 pixel wide." : null },
    });
  };

  it("fetches each URL of a brand once and answers its READY asset", async () => {
    const { workspace, ctx } = await makeWorkspace(db());
    const brand = await makeBrand(db(), workspace.id);
    const url = origin.serve(`/${workspace.id}/a.jpg`, photo, "image/jpeg");
    const source = { brandId: brand.id, url };

    const outcomes = await fetchPlanMedia({ db: db(), logger, media: media() }, ctx, {
      sources: [source, source, source],
    });
    const asset = await db().mediaAsset.findFirstOrThrow({ where: { workspaceId: workspace.id } });
    expect(outcomes.get(planMediaKey(source))).toEqual({ assetId: asset.id });
    expect(asset).toMatchObject({ brandId: brand.id, status: "READY" });
    expect(origin.hits(`/${workspace.id}/a.jpg`)).toBe(1);
  });

  it("says why each bad URL cannot be used, and the good one still comes through", async () => {
    const { workspace, ctx } = await makeWorkspace(db());
    const brand = await makeBrand(db(), workspace.id);
    const path = (name: string) => `/${workspace.id}/${name}`;
    const sources = {
      good: origin.serve(path("good.jpg"), photo, "image/jpeg"),
      big: origin.serve(path("big.jpg"), Buffer.concat([photo, Buffer.alloc(2 * 1024 * 1024)]), "image/jpeg"),
      slow: origin.hang(path("slow.jpg")),
      gone: origin.status(path("gone.jpg"), 404),
    };
    const fetchAll = (deadlineMs: number, urls: string[]) =>
      fetchPlanMedia({ db: db(), logger, media: media({ maxBytes: 1024 * 1024, deadlineMs }) }, ctx, {
        sources: urls.map((url) => ({ brandId: brand.id, url })),
      });
    // The slow one on its own, with a short deadline that a busy machine cannot make the others miss.
    const outcomes = new Map([
      ...(await fetchAll(10_000, [sources.good, sources.big, sources.gone])),
      ...(await fetchAll(1_000, [sources.slow])),
    ]);
    const of = (url: string) => outcomes.get(planMediaKey({ brandId: brand.id, url }));
    expect(of(sources.good)).toHaveProperty("assetId");
    expect(of(sources.big)).toMatchObject({ problem: expect.stringMatching(/sent more than 1048576 bytes/) });
    expect(of(sources.slow)).toMatchObject({
      // The 1 s deadline and the idle timeout (the smaller of 30 s and the deadline) race: either says it.
      problem: expect.stringMatching(
        /sent too slowly: the whole file must arrive within 1 s|did not answer in time/,
      ),
    });
    expect(of(sources.gone)).toEqual({
      problem: `${sources.gone} answered HTTP 404; expected the media file.`,
    });
    // Only the good file became an asset: a refused fetch leaves nothing behind.
    expect(await db().mediaAsset.count({ where: { workspaceId: workspace.id } })).toBe(1);
  });

  it("refuses a private address unless the URL policy allows it", async () => {
    const { workspace, ctx } = await makeWorkspace(db());
    const brand = await makeBrand(db(), workspace.id);
    const url = origin.serve(`/${workspace.id}/inside.jpg`, photo, "image/jpeg");
    const outcomes = await fetchPlanMedia({ db: db(), logger, media: media({ allowPrivate: false }) }, ctx, {
      sources: [{ brandId: brand.id, url }],
    });
    expect(outcomes.get(planMediaKey({ brandId: brand.id, url }))).toMatchObject({
      problem: expect.stringMatching(/is a private or reserved address/),
    });
    expect(origin.hits(`/${workspace.id}/inside.jpg`)).toBe(0);
  });

  it("reports a file whose processing failed, did not finish in time, or was deleted meanwhile", async () => {
    const { workspace, ctx } = await makeWorkspace(db());
    const brand = await makeBrand(db(), workspace.id);
    const failing = origin.serve(`/${workspace.id}/failing.jpg`, photo, "image/jpeg");
    const failed = await fetchPlanMedia(
      { db: db(), logger, media: media({ enqueue: (job) => settle(job, "FAILED") }) },
      ctx,
      { sources: [{ brandId: brand.id, url: failing }] },
    );
    expect(failed.get(planMediaKey({ brandId: brand.id, url: failing }))).toEqual({
      problem: `${failing} was fetched but could not be processed: The picture is 1 pixel wide.`,
    });

    const stuck = origin.serve(`/${workspace.id}/stuck.jpg`, photo, "image/jpeg");
    const late = await fetchPlanMedia(
      { db: db(), logger, media: media({ enqueue: async () => undefined, readyTimeoutMs: 200 }) },
      ctx,
      { sources: [{ brandId: brand.id, url: stuck }] },
    );
    expect(late.get(planMediaKey({ brandId: brand.id, url: stuck }))).toMatchObject({
      problem: expect.stringMatching(/was not processed within 0.2 s/),
    });

    const removed = origin.serve(`/${workspace.id}/removed.jpg`, photo, "image/jpeg");
    const deleted = await fetchPlanMedia(
      {
        db: db(),
        logger,
        media: media({
          enqueue: async (job) => void (await db().mediaAsset.delete({ where: { id: job.assetId } })),
        }),
      },
      ctx,
      { sources: [{ brandId: brand.id, url: removed }] },
    );
    expect(deleted.get(planMediaKey({ brandId: brand.id, url: removed }))).toEqual({
      problem: `${removed} was fetched, but its media was deleted from the library before the import used it.`,
    });
  });
});
