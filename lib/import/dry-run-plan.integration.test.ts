import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { createLogger } from "@/lib/logger";
import { createPublishQueues } from "@/lib/queue/publish-queues";
import { scheduleStory } from "@/lib/stories/schedule-story";
import {
  makeBrand,
  makeMediaAsset,
  makeMember,
  makeSandboxChannels,
  makeWorkspace,
} from "@/prisma/factories";
import { expectAppError } from "@/test/assert/expect-app-error";
import { jpeg } from "@/test/media/media-fixtures";
import { PLAN_COLUMNS } from "./csv-format";
import { dryRunPlan } from "./dry-run-plan";
import { exportPlanCsv } from "./export-plan-csv";

// The dry run against the real database: names resolve within the caller's workspace only, and
// nothing is written. The clock is 1 February 2026, so March 2026 (Berlin springs forward on the
// 29th) is ahead.

const NOW = new Date("2026-02-01T12:00:00Z");
const deps = () => ({ db: db(), now: () => NOW });
const csv = (lines: string[]) => new TextEncoder().encode(`${PLAN_COLUMNS.join(",")}\n${lines.join("\n")}\n`);

async function setup() {
  const { workspace, ctx } = await makeWorkspace(db());
  const brand = await makeBrand(db(), workspace.id, {
    name: `Acme ${workspace.id}`,
    timeZone: "Europe/Berlin",
  });
  const channels = await makeSandboxChannels(db(), secretBoxFromEnv(env()), brand, ["INSTAGRAM", "WHATSAPP"]);
  const media = await makeMediaAsset(db(), workspace.id, {
    kind: "IMAGE",
    bytes: jpeg({ seed: 3 }),
    mimeType: "image/jpeg",
  });
  const [instagram, whatsapp] = channels.map((c) => c.displayName) as [string, string];
  return { workspace, ctx, brand, channels, media, instagram, whatsapp };
}

const counts = async (workspaceId: string) => ({
  stories: await db().story.count({ where: { workspaceId } }),
  media: await db().mediaAsset.count({ where: { workspaceId } }),
});

describe("dryRunPlan", () => {
  it("plans good rows and reports each bad one by row and column, writing nothing", async () => {
    const { workspace, ctx, brand, channels, media, instagram, whatsapp } = await setup();
    const other = await makeWorkspace(db());
    const foreign = await makeMediaAsset(db(), other.workspace.id, {
      kind: "IMAGE",
      bytes: jpeg({ seed: 4 }),
      mimeType: "image/jpeg",
    });
    const before = await counts(workspace.id);
    const b = brand.name;

    const report = await dryRunPlan(
      deps(),
      ctx,
      csv([
        `${b},${instagram};${whatsapp},2026-03-02,09:00,,${media.id},"Hello, world",,"=HYPERLINK(""http://evil"",""x"")"`,
        `Nobody,${instagram},2026-03-03,09:00,,${media.id},,,unknown brand`,
        `${b},${instagram},2026-03-04,09:00,,${foreign.id},,,foreign media`,
        `${b},${instagram},2026-03-29,02:30,,${media.id},,,dst gap`,
        `${b},${instagram},2026-03-30,09:00,America/New_York,${media.id},,1 link https://x.example 0.5 0.8,stickers`,
        `${b},${instagram};${whatsapp},2026-03-02,09:00,,${media.id},"Hello, world",,"=HYPERLINK(""http://evil"",""x"")"`,
        `${b},Pinterest,2026-13-01,9am,Mars/Base,ftp://x,,,everything wrong`,
        `${b},${instagram},2026-01-15,09:00,,${media.id},,,past`,
        `${b},${instagram},2026-03-05,09:00,,https://example.com/a.jpg,,,url frame`,
      ]),
    );

    expect(report.rows).toBe(9);
    const summary = report.problems.map((p) => [p.row, p.column, p.severity]);
    expect(summary).toEqual([
      [3, "brand", "error"],
      [4, "frames", "error"],
      [5, "time", "warning"],
      [7, null, "error"],
      [8, "channels", "error"],
      [8, "zone", "error"],
      [8, "date", "error"],
      [8, "time", "error"],
      [8, "frames", "error"],
      [9, "time", "error"],
    ]);
    const at = (row: number, column: string | null) =>
      report.problems.find((p) => p.row === row && p.column === column);
    expect(at(3, "brand")?.problem).toBe('There is no brand named "Nobody" that you can see.');
    expect(at(3, "brand")?.fix).toContain(b);
    expect(at(4, "frames")?.problem).toBe(`There is no media "${foreign.id}" in this workspace's library.`);
    expect(at(5, "time")?.problem).toMatch(
      /02:30 does not exist on 2026-03-29 in Europe\/Berlin .* at 03:30/,
    );
    expect(at(7, null)?.problem).toBe("Row 7 is the same story as row 2.");
    expect(at(8, "channels")?.fix).toContain(instagram);
    expect(at(8, "frames")?.problem).toBe('"ftp://x" is not an http(s) URL, so it cannot be fetched.');

    expect(report.stories.map((s) => s.row)).toEqual([2, 5, 6, 10]);
    const [first, gap, newYork, fromUrl] = report.stories;
    expect(first).toMatchObject({
      brandId: brand.id,
      channelIds: channels.map((c) => c.id),
      frames: [media.id],
      local: "2026-03-02T09:00",
      timeZone: "Europe/Berlin",
      whatsappText: "Hello, world",
      title: '=HYPERLINK("http://evil","x")',
    });
    expect(first?.scheduledAt.toISOString()).toBe("2026-03-02T08:00:00.000Z");
    // Decision 012: the skipped 02:30 moves forward by the gap.
    expect(gap).toMatchObject({ local: "2026-03-29T03:30" });
    expect(gap?.scheduledAt.toISOString()).toBe("2026-03-29T01:30:00.000Z");
    expect(newYork).toMatchObject({
      timeZone: "America/New_York",
      stickers: [{ frame: 0, kind: "link", url: "https://x.example", x: 0.5, y: 0.8 }],
    });
    // A URL frame passes as written: the import fetches it, the dry run does not.
    expect(fromUrl).toMatchObject({ frames: ["https://example.com/a.jpg"] });

    expect(await counts(workspace.id)).toEqual(before);
  });

  it("checks frame URLs by their shape and address only, as the URL policy allows", async () => {
    const { workspace, ctx, brand, media, instagram } = await setup();
    const before = await counts(workspace.id);
    const row = (day: string, frames: string) =>
      `${brand.name},${instagram},2026-03-${day},09:00,,${frames},,,url ${day}`;
    const rows = csv([
      row("02", `https://media.example.com/spring.jpg;${media.id}`),
      row("03", "http://media.example.com/spring.jpg"),
      row("04", "https://127.0.0.1:8080/a.jpg"),
      row("05", "https://localhost/a.jpg"),
      row("06", "https://[::1]/a.jpg"),
      row("07", "https://user:secret@media.example.com/a.jpg"),
      row("08", "https://10.0.0.7/a.jpg"),
      row("09", "https://exa mple.com/a.jpg"),
      row("10", "http://127.0.0.1:8080/a.jpg"),
    ]);

    const strict = await dryRunPlan({ ...deps(), allowPrivateUrls: false }, ctx, rows);
    expect(strict.problems.map((p) => [p.row, p.column])).toEqual(
      [3, 4, 5, 6, 7, 8, 9, 10].map((row) => [row, "frames"]),
    );
    const problem = (row: number) => strict.problems.find((p) => p.row === row);
    expect(problem(3)).toMatchObject({
      problem: "http://media.example.com/spring.jpg is http://: frames are fetched over https only.",
      fix: "Write the file's https:// address.",
    });
    expect(problem(4)?.problem).toBe(
      "https://127.0.0.1:8080/a.jpg points at a private or local address, which StoryRelay does not fetch.",
    );
    expect(problem(4)?.fix).toBe("Write the file's public https:// address, or its media library id.");
    for (const row of [5, 6, 8]) expect(problem(row)?.problem).toMatch(/private or local address/);
    expect(problem(7)?.problem).toMatch(/user name or password/);
    expect(problem(9)?.problem).toBe('"https://exa mple.com/a.jpg" is not a valid URL.');
    expect(problem(10)?.problem).toMatch(/fetched over https only/);
    expect(strict.stories.map((s) => [s.row, s.frames])).toEqual([
      [2, ["https://media.example.com/spring.jpg", media.id]],
    ]);

    // ALLOW_PRIVATE_URLS (sandbox, tests): http and private addresses pass; the rest stays refused.
    const lenient = await dryRunPlan({ ...deps(), allowPrivateUrls: true }, ctx, rows);
    expect(lenient.problems.map((p) => p.row)).toEqual([7, 9]);
    expect(await counts(workspace.id)).toEqual(before);
  });

  it("on a brand's import page, refuses rows for another brand and brands the member cannot see", async () => {
    const { workspace, ctx, brand, instagram, media } = await setup();
    const second = await makeBrand(db(), workspace.id, { name: `Second ${workspace.id}` });
    const [secondChannel] = await makeSandboxChannels(db(), secretBoxFromEnv(env()), second, ["INSTAGRAM"]);
    const rows = csv([
      `${brand.name},${instagram},2026-03-02,09:00,,${media.id},,,mine`,
      `${second.name},${secondChannel?.displayName},2026-03-02,09:00,,${media.id},,,other brand`,
    ]);

    const onPage = await dryRunPlan(deps(), ctx, rows, { brandId: brand.id });
    expect(onPage.problems).toEqual([
      expect.objectContaining({
        row: 3,
        column: "brand",
        problem: expect.stringContaining(`importing into "${brand.name}"`),
      }),
    ]);

    // A member limited to the first brand does not see the second at all.
    const limited = await makeMember(db(), workspace, "EDITOR", { brandIds: [brand.id] });
    const asLimited = await dryRunPlan(deps(), limited, rows);
    expect(asLimited.problems[0]).toMatchObject({
      row: 3,
      problem: `There is no brand named "${second.name}" that you can see.`,
    });
    expect(asLimited.problems[0]?.fix).not.toContain(second.name);

    // Another workspace's brand, or one the member cannot see, is not found.
    const other = await makeWorkspace(db());
    await expectAppError(dryRunPlan(deps(), other.ctx, rows, { brandId: brand.id }), "NOT_FOUND");
    await expectAppError(dryRunPlan(deps(), limited, rows, { brandId: second.id }), "NOT_FOUND");

    const viewer = await makeMember(db(), workspace, "VIEWER");
    await expectAppError(dryRunPlan(deps(), viewer, rows), "FORBIDDEN");
  });

  it("reports a file that is not UTF-8 and plans nothing", async () => {
    const { ctx } = await setup();
    const report = await dryRunPlan(deps(), ctx, new Uint8Array([...csv([]), 0xff, 0xfe, 0x0a]));
    expect(report.stories).toEqual([]);
    expect(report.problems).toEqual([
      expect.objectContaining({ row: 0, problem: expect.stringMatching(/not UTF-8/) }),
    ]);
  });

  it("reads planned stickers onto their frames and refuses each bad one by row, with the fix", async () => {
    const { ctx, brand, media, instagram } = await setup();
    const row = (day: string, stickers: string, frames = `${media.id};${media.id}`) =>
      `${brand.name},${instagram},2026-03-${day},09:00,,${frames},,"${stickers.replaceAll('"', '""')}",row ${day}`;

    const report = await dryRunPlan(
      deps(),
      ctx,
      csv([
        row(
          "02",
          '1 mention @acme.partner 0.5 0.3; 2 link https://example.com/sale 0.5 0.8; 2 poll "Red or blue?"',
        ),
        row("03", "1 sparkle @acme"),
        row("04", "3 mention @acme"),
        row("05", "1 mention @not-a-name!"),
        row("06", "2 link example.com/sale"),
        row("07", "1 mention @acme 1.5 0.2"),
        row("08", "1 mention @acme 0.5 -1"),
        row("09", Array.from({ length: 6 }, (_, i) => `1 mention @acme${i}`).join("; ")),
        row("10", '1 poll "Red or blue?'),
      ]),
    );

    expect(report.stories.map((s) => s.row)).toEqual([2]);
    expect(report.stories[0]?.stickers).toEqual([
      { frame: 0, kind: "mention", username: "acme.partner", x: 0.5, y: 0.3 },
      { frame: 1, kind: "link", url: "https://example.com/sale", x: 0.5, y: 0.8 },
      { frame: 1, kind: "poll", text: "Red or blue?", x: 0.5, y: 0.5 },
    ]);
    expect(report.problems.map((p) => [p.row, p.column, p.severity, p.problem, p.fix])).toEqual([
      [
        3,
        "stickers",
        "error",
        'Sticker "1 sparkle @acme": "sparkle" is not a kind of sticker.',
        "Use one of: mention, link, poll, question, location, music.",
      ],
      [
        4,
        "stickers",
        "error",
        'Sticker "3 mention @acme": the row has 2 frames, so there is no frame 3.',
        "Use a frame number from 1 to 2.",
      ],
      [
        5,
        "stickers",
        "error",
        'Sticker "1 mention @not-a-name!": A username has 1-30 letters, digits, dots or underscores.',
        "Write it as: 1 mention @acme.partner 0.5 0.5 (x y optional, from 0 to 1).",
      ],
      [
        6,
        "stickers",
        "error",
        'Sticker "2 link example.com/sale": Use a full web address, e.g. https://example.com/sale.',
        "Write it as: 2 link https://example.com/sale 0.5 0.5 (x y optional, from 0 to 1).",
      ],
      [
        7,
        "stickers",
        "error",
        'Sticker "1 mention @acme 1.5 0.2": x must be from 0 to 1 (right edge).',
        "Write it as: 1 mention @acme.partner 0.5 0.5 (x y optional, from 0 to 1).",
      ],
      [
        8,
        "stickers",
        "error",
        'Sticker "1 mention @acme 0.5 -1": y must be from 0 (top) to 1.',
        "Write it as: 1 mention @acme.partner 0.5 0.5 (x y optional, from 0 to 1).",
      ],
      [9, "stickers", "error", "Frame 1 has more than 5 stickers.", "Keep at most 5 stickers on a frame."],
      [
        10,
        "stickers",
        "error",
        'A quote is not closed: "Red or blue?',
        'Close the quoted text with ", e.g. 1 poll "Red or blue?".',
      ],
    ]);
  });

  it("plans 5,000 rows in a few seconds", async () => {
    const { ctx, brand, instagram, media } = await setup();
    const lines = Array.from({ length: 5_000 }, (_, i) => {
      const day = String((i % 28) + 1).padStart(2, "0");
      const minute = String(i % 60).padStart(2, "0");
      const hour = String(Math.floor(i / 60) % 24).padStart(2, "0");
      return `${brand.name},${instagram},2026-04-${day},${hour}:${minute},,${media.id},,,Story ${i}`;
    });
    const started = performance.now();
    const report = await dryRunPlan(deps(), ctx, csv(lines));
    const seconds = (performance.now() - started) / 1000;
    expect(report.problems).toEqual([]);
    expect(report.stories).toHaveLength(5_000);
    expect(seconds).toBeLessThan(5);
  });
});

describe("exportPlanCsv", () => {
  it("exports a brand's stories in the import format, formulas escaped", async () => {
    const { ctx, brand, channels, media } = await setup();
    const queues = createPublishQueues(env().REDIS_URL, `test-${randomUUID()}`);
    try {
      await scheduleStory({ db: db(), queues, logger: createLogger("test", "silent"), now: () => NOW }, ctx, {
        brandId: brand.id,
        title: '=HYPERLINK("http://evil","x")',
        whatsappText: "Two\nlines",
        channelIds: channels.map((c) => c.id),
        frames: [media.id],
        when: { local: "2026-03-02T09:00" },
      });
    } finally {
      await queues.dispatch.obliterate({ force: true }).catch(() => undefined);
      await queues.close();
    }
    const text = await exportPlanCsv(db(), ctx, brand.id);
    const [header, row] = text.split("\r\n");
    expect(header).toBe(PLAN_COLUMNS.join(","));
    expect(row).toContain(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(text).toContain(`2026-03-02,09:00,Europe/Berlin,${media.id},"Two\nlines",,`);

    // Another workspace's brand is not found.
    const other = await makeWorkspace(db());
    await expectAppError(exportPlanCsv(db(), other.ctx, brand.id), "NOT_FOUND");
  });
});
