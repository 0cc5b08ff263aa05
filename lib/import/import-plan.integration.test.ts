import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApprovalPolicy } from "@/lib/core/approval-policy";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { createLogger } from "@/lib/logger";
import { createPublishQueues, type PublishQueues } from "@/lib/queue/publish-queues";
import { makeBrand, makeMediaAsset, makeSandboxChannels, makeWorkspace } from "@/prisma/factories";
import { jpeg } from "@/test/media/media-fixtures";
import { PLAN_COLUMNS } from "./csv-format";
import { exportPlanCsv } from "./export-plan-csv";
import { type ImportProgress, importPlan } from "./import-plan";

// The import against the real database and a BullMQ queue nobody consumes. The clock is
// 1 February 2026; each test has its own workspace.

const NOW = new Date("2026-02-01T12:00:00Z");
const csv = (lines: string[]) => new TextEncoder().encode(`${PLAN_COLUMNS.join(",")}\n${lines.join("\n")}\n`);

describe("importPlan", () => {
  let queues: PublishQueues;
  const deps = () => ({ db: db(), queues, logger: createLogger("test", "silent"), now: () => NOW });

  beforeAll(() => {
    queues = createPublishQueues(env().REDIS_URL, `test-${randomUUID()}`);
  });
  const workspaceIds: string[] = [];
  afterAll(async () => {
    await queues.dispatch.obliterate({ force: true }).catch(() => undefined);
    await queues.close();
    // March 2026 is past by the real clock: left behind, these thousands of due stories would
    // swamp the publish sweep of whichever test file runs next in this process and database.
    await db().story.deleteMany({ where: { workspaceId: { in: workspaceIds } } });
  });

  async function setup(approvalPolicy: ApprovalPolicy = "NONE") {
    const { workspace, ctx } = await makeWorkspace(db());
    workspaceIds.push(workspace.id);
    const brand = await makeBrand(db(), workspace.id, { name: `Acme ${workspace.id}`, approvalPolicy });
    const [channel] = await makeSandboxChannels(db(), secretBoxFromEnv(env()), brand, ["INSTAGRAM"]);
    const media = await makeMediaAsset(db(), workspace.id, {
      kind: "IMAGE",
      bytes: jpeg({ seed: 5 }),
      mimeType: "image/jpeg",
    });
    const row = (day: string, title: string) =>
      `${brand.name},${channel?.displayName},2026-03-${day},09:00,,${media.id},,,"${title}"`;
    return { workspace, ctx, brand, media, row };
  }

  it("schedules each row once: the same file again creates nothing new", async () => {
    const { workspace, ctx, brand, row } = await setup();
    const file = csv([
      row("02", '=HYPERLINK(""http://evil"",""x"")'),
      row("03", "Second"),
      row("04", "Third"),
    ]);
    const seen: ImportProgress[] = [];

    const first = await importPlan(deps(), ctx, file, {
      brandId: brand.id,
      onProgress: (p) => void seen.push(p),
    });
    expect(first).toMatchObject({ status: "done", total: 3, created: 3, skipped: 0, failed: 0 });
    expect(seen.at(0)).toMatchObject({ done: 0, total: 3 });
    expect(seen.at(-1)).toMatchObject({ done: 3, created: 3 });
    const stories = await db().story.findMany({
      where: { workspaceId: workspace.id },
      orderBy: { scheduledAt: "asc" },
      include: { targets: true, frames: true },
    });
    expect(stories.map((s) => [s.title, s.status, s.scheduledLocal])).toEqual([
      ['=HYPERLINK("http://evil","x")', "SCHEDULED", "2026-03-02T09:00"],
      ["Second", "SCHEDULED", "2026-03-03T09:00"],
      ["Third", "SCHEDULED", "2026-03-04T09:00"],
    ]);
    expect(stories.every((s) => s.targets.length === 1 && s.frames.length === 1 && s.importKey)).toBe(true);

    const again = await importPlan(deps(), ctx, file, { brandId: brand.id });
    expect(again).toMatchObject({ status: "done", total: 3, created: 0, skipped: 3 });
    // One row more: only it is new.
    const more = await importPlan(deps(), ctx, csv([row("03", "Second"), row("05", "Fourth")]));
    expect(more).toMatchObject({ created: 1, skipped: 1 });
    expect(await db().story.count({ where: { workspaceId: workspace.id } })).toBe(4);
  });

  it("two imports of the same file at once create each story once", async () => {
    const { workspace, ctx, row } = await setup();
    const file = csv([row("02", "A"), row("03", "B"), row("04", "C")]);
    const results = await Promise.all([importPlan(deps(), ctx, file), importPlan(deps(), ctx, file)]);
    expect(results.map((r) => (r.status === "done" ? r.created + r.skipped : -1))).toEqual([3, 3]);
    expect(await db().story.count({ where: { workspaceId: workspace.id } })).toBe(3);
  });

  it("sends the stories to review when the brand requires approval", async () => {
    const { workspace, ctx, row } = await setup("TEAM");
    await importPlan(deps(), ctx, csv([row("02", "Needs approval")]));
    const story = await db().story.findFirstOrThrow({ where: { workspaceId: workspace.id } });
    expect(story.status).toBe("IN_REVIEW");
  });

  it("writes nothing when the dry run finds an error", async () => {
    const { workspace, ctx, row } = await setup();
    const result = await importPlan(
      deps(),
      ctx,
      csv([row("02", "Good"), "Nobody,x,2026-03-03,09:00,,y,,,Bad"]),
    );
    expect(result.status).toBe("refused");
    if (result.status === "refused")
      expect(result.report.problems[0]).toMatchObject({ row: 3, column: "brand" });
    expect(await db().story.count({ where: { workspaceId: workspace.id } })).toBe(0);
  });

  it("reports a row scheduling refuses, by row, and imports the others", async () => {
    const { workspace, ctx, brand, row } = await setup();
    // Still processing: the dry run finds it in the library, scheduling needs it ready.
    const processing = await db().mediaAsset.create({
      data: {
        workspaceId: workspace.id,
        kind: "IMAGE",
        status: "PROCESSING",
        mimeType: "image/jpeg",
        originalName: "p.jpg",
        sizeBytes: 1,
        checksum: "0",
        storageKey: `${workspace.id}/p.jpg`,
      },
    });
    const channel = await db().channel.findFirstOrThrow({ where: { brandId: brand.id } });
    const result = await importPlan(
      deps(),
      ctx,
      csv([
        row("02", "Good"),
        `${brand.name},${channel.displayName},2026-03-03,09:00,,${processing.id},,,Waiting`,
      ]),
    );
    expect(result).toMatchObject({ status: "done", created: 1, failed: 1 });
    if (result.status === "done") expect(result.failures).toEqual([expect.objectContaining({ row: 3 })]);
  });

  it("bad input at import: DST gap moved forward, formula kept as text and exported escaped, another brand's media refused by row", async () => {
    const { workspace, ctx, brand, media, row } = await setup();
    const channel = await db().channel.findFirstOrThrow({ where: { brandId: brand.id } });
    const second = await makeBrand(db(), workspace.id, { name: `Second ${workspace.id}` });
    const theirs = await db().mediaAsset.update({
      where: {
        id: (
          await makeMediaAsset(db(), workspace.id, {
            kind: "IMAGE",
            bytes: jpeg({ seed: 9 }),
            mimeType: "image/jpeg",
          })
        ).id,
      },
      data: { brandId: second.id },
    });
    const result = await importPlan(
      deps(),
      ctx,
      csv([
        // Decision 012: 02:30 does not exist on 29 March 2026 in Berlin; it moves to 03:30.
        `${brand.name},${channel.displayName},2026-03-29,02:30,,${media.id},,,Gap`,
        row("05", '=HYPERLINK(""http://evil"",""x"")'),
        `${brand.name},${channel.displayName},2026-03-06,09:00,,${theirs.id},,,Not ours`,
      ]),
      { brandId: brand.id },
    );
    expect(result).toMatchObject({ status: "done", created: 2, failed: 1 });
    if (result.status !== "done") return;
    expect(result.failures).toEqual([
      expect.objectContaining({
        row: 4,
        problem: "One of the frames' media does not exist or is not ready yet.",
      }),
    ]);
    expect(result.warnings).toEqual(
      expect.arrayContaining([expect.objectContaining({ row: 2, column: "time", severity: "warning" })]),
    );
    const gap = await db().story.findFirstOrThrow({ where: { workspaceId: workspace.id, title: "Gap" } });
    expect(gap.scheduledLocal).toBe("2026-03-29T03:30");
    expect(gap.scheduledAt?.toISOString()).toBe("2026-03-29T01:30:00.000Z");
    const exported = await exportPlanCsv(db(), ctx, brand.id);
    expect(exported).toContain(`"'=HYPERLINK(""http://evil"",""x"")"`);
  });

  it("stores a row's stickers on their frames, and the exported plan imports again with them", async () => {
    const { workspace, ctx, brand, media } = await setup();
    const channel = await db().channel.findFirstOrThrow({ where: { brandId: brand.id } });
    const second = await makeMediaAsset(db(), workspace.id, {
      kind: "IMAGE",
      bytes: jpeg({ seed: 6 }),
      mimeType: "image/jpeg",
    });
    const file = csv([
      `${brand.name},${channel.displayName},2026-03-02,09:00,,${media.id};${second.id},,` +
        `"2 link https://example.com/sale ""Shop now"" 0.5 0.8; 1 mention @acme.partner 0.2 0.3",Stickers`,
    ]);
    const stickersOnFrames = async () => {
      const story = await db().story.findFirstOrThrow({
        where: { workspaceId: workspace.id },
        include: { frames: { orderBy: { position: "asc" } } },
      });
      return story.frames.map((f) => [f.mediaAssetId, f.stickers]);
    };
    const expected = [
      [media.id, [{ kind: "mention", username: "acme.partner", x: 0.2, y: 0.3 }]],
      [second.id, [{ kind: "link", url: "https://example.com/sale", text: "Shop now", x: 0.5, y: 0.8 }]],
    ];

    expect(await importPlan(deps(), ctx, file, { brandId: brand.id })).toMatchObject({ created: 1 });
    expect(await stickersOnFrames()).toEqual(expected);

    const exported = await exportPlanCsv(db(), ctx, brand.id);
    expect(exported).toContain(
      `"1 mention @acme.partner 0.2 0.3; 2 link https://example.com/sale ""Shop now"" 0.5 0.8"`,
    );
    // The exported row reads as the same story (its key covers the stickers): skipped.
    const again = new TextEncoder().encode(exported);
    expect(await importPlan(deps(), ctx, again, { brandId: brand.id })).toMatchObject({
      created: 0,
      skipped: 1,
    });
    // Without the story, the exported file creates it again, with its stickers on the same frames.
    await db().story.deleteMany({ where: { workspaceId: workspace.id } });
    expect(await importPlan(deps(), ctx, again, { brandId: brand.id })).toMatchObject({ created: 1 });
    expect(await stickersOnFrames()).toEqual(expected);
  });

  it("imports 5,000 rows, with their dispatch jobs (bench/import.ts times it)", {
    timeout: 180_000,
  }, async () => {
    const { workspace, ctx, row } = await setup();
    const lines = Array.from({ length: 5_000 }, (_, i) => {
      const day = String((i % 28) + 1).padStart(2, "0");
      const minutes = 6 * 60 + ((Math.floor(i / 28) * 5) % (16 * 60));
      const time = `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
      return row(day, `Story ${i}`).replace("09:00", time);
    });
    const started = performance.now();
    const result = await importPlan(deps(), ctx, csv(lines));
    const seconds = (performance.now() - started) / 1000;
    expect(result).toMatchObject({ status: "done", created: 5_000, failed: 0 });
    expect(await db().story.count({ where: { workspaceId: workspace.id, status: "SCHEDULED" } })).toBe(5_000);
    expect(await db().storyTargetFrame.count({ where: { workspaceId: workspace.id } })).toBe(5_000);
    const delayed = await queues.dispatch.getJobCountByTypes("delayed", "waiting", "prioritized");
    expect(delayed).toBeGreaterThanOrEqual(5_000);
    console.info(`imported 5,000 rows in ${seconds.toFixed(1)} s`);
  });
});
