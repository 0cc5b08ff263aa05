import { describe, expect, it } from "vitest";
import { BEST_TIME_MIN_STORIES } from "@/lib/core/best-time";
import { slotDueAt } from "@/lib/core/insights";
import { db } from "@/lib/db/client";
import { makeBrand, makeInsightHistory, makeMember, makeWorkspace } from "@/prisma/factories";
import { expectAppError } from "@/test/assert/expect-app-error";
import { getBestTimes } from "./get-best-times";
import { getBrandInsights } from "./get-brand-insights";
import { getStoryInsights } from "./get-story-insights";
import { getWorkspaceOverview } from "./get-workspace-overview";

// The analytics read models over what recordInsightSnapshot keeps (FrameInsight, InsightSnapshot),
// filled by makeInsightHistory as the collector would have by NOW. Each test has its own workspace.

const NOW = new Date("2026-12-05T12:00:00Z");
const HOUR = 3_600_000;
const hoursAgo = (hours: number) => new Date(NOW.getTime() - hours * HOUR);

async function brandWithHistory(timeZone = "Europe/Berlin") {
  const { workspace, ctx } = await makeWorkspace(db());
  const brand = await makeBrand(db(), workspace.id, { timeZone });
  const history = await makeInsightHistory(
    db(),
    brand,
    [
      // Three frames, final: 1000 → 600 → 540 viewers.
      { publishedAt: hoursAgo(48), title: "Winter menu", frames: 3, reach: 1000, retention: 0.6 },
      // Published 3 hours ago: the +1 h reading only.
      { publishedAt: hoursAgo(3), title: "Lunch special", frames: 1, reach: 400 },
      { publishedAt: hoursAgo(30), title: "Quiet one", frames: 2, reach: 3, tooFewViewers: true },
      // Published 20 minutes ago: no reading yet.
      { publishedAt: new Date(NOW.getTime() - 20 * 60_000), title: "Just out", reach: 100 },
    ],
    { now: NOW },
  );
  return { workspace, ctx, brand, history };
}

describe("getStoryInsights", () => {
  it("gives each channel's latest numbers with their time and finality, the growth curve and the frame funnel", async () => {
    const { ctx, history } = await brandWithHistory();
    const winter = history.stories[0];
    if (!winter) throw new Error("no story");
    const insights = await getStoryInsights(db(), ctx, winter.id, NOW);
    const instagram = insights.channels.find((c) => c.platform === "INSTAGRAM")?.insights;
    if (instagram?.kind !== "numbers") throw new Error(`expected numbers, got ${instagram?.kind}`);
    expect(instagram.final).toBe(true);
    expect(instagram.totals.reach).toBe(1000);
    expect(instagram.totals.views).toBe(1200 + 720 + 432);
    expect(instagram.totals.completion).toBeCloseTo(360 / 1000);
    expect(instagram.growth.map((p) => p.slot)).toEqual(["H1", "H6", "H12", "H20", "FINAL"]);
    expect(instagram.growth.map((p) => p.reach)).toEqual([350, 700, 850, 950, 1000]);
    expect(instagram.funnel?.steps.map((s) => s.viewers)).toEqual([1000, 600, 360]);
    expect(instagram.funnel?.steps.map((s) => s.dropPct)).toEqual([null, 40, 40]);
    expect(instagram.funnel?.worstAt).toBe(1);
    // Facebook and WhatsApp say why they have no numbers, never zeros.
    for (const platform of ["FACEBOOK", "WHATSAPP"] as const) {
      const none = insights.channels.find((c) => c.platform === platform)?.insights;
      expect(none?.kind).toBe("none");
      expect(none && "why" in none ? none.why : "").toMatch(/./);
    }
  });

  it("says numbers are not final yet, too few viewers, and when the first reading is due", async () => {
    const { ctx, history } = await brandWithHistory();
    const [, lunch, quiet, justOut] = history.stories;
    if (!lunch || !quiet || !justOut) throw new Error("no stories");
    const ig = async (storyId: string) =>
      (await getStoryInsights(db(), ctx, storyId, NOW)).channels.find((c) => c.platform === "INSTAGRAM")
        ?.insights;

    const early = await ig(lunch.id);
    expect(early).toMatchObject({ kind: "numbers", final: false, funnel: null });
    if (early?.kind === "numbers") expect(early.totals.reach).toBe(140);

    expect(await ig(quiet.id)).toMatchObject({ kind: "numbers", tooFewViewers: true });

    const waiting = await ig(justOut.id);
    expect(waiting).toMatchObject({ kind: "waiting", overdue: false, expired: false });
    if (waiting?.kind === "waiting")
      expect(waiting.firstReadingDue).toEqual(slotDueAt(justOut.publishedAt, "H1"));
  });

  it("says a story's numbers are missed for good when nothing was read while it was live", async () => {
    const { workspace, ctx } = await makeWorkspace(db());
    const brand = await makeBrand(db(), workspace.id);
    const publishedAt = hoursAgo(30);
    // Made as of 30 minutes after it went out: no reading had been taken yet, and none was after.
    const { stories } = await makeInsightHistory(db(), brand, [{ publishedAt, reach: 50 }], {
      now: new Date(publishedAt.getTime() + 30 * 60_000),
    });
    const insights = await getStoryInsights(db(), ctx, stories[0]?.id ?? "", NOW);
    expect(insights.channels.find((c) => c.platform === "INSTAGRAM")?.insights).toMatchObject({
      kind: "waiting",
      overdue: true,
      expired: true,
    });
  });

  it("is not found for another workspace's member and for a member not given the brand", async () => {
    const { workspace, history } = await brandWithHistory();
    const storyId = history.stories[0]?.id ?? "";
    const stranger = await makeWorkspace(db());
    await expectAppError(getStoryInsights(db(), stranger.ctx, storyId, NOW), "NOT_FOUND");
    const other = await makeBrand(db(), workspace.id);
    const client = await makeMember(db(), workspace, "APPROVER", { brandIds: [other.id] });
    await expectAppError(getStoryInsights(db(), client, storyId, NOW), "NOT_FOUND");
    await expectAppError(getStoryInsights(db(), client, "x".repeat(500), NOW), "NOT_FOUND");
  });
});

describe("getBrandInsights", () => {
  it("adds up the brand's stories over a range in its zone, by platform and content type, with top and bottom", async () => {
    const { ctx, brand } = await brandWithHistory();
    const report = await getBrandInsights(db(), ctx, brand.id, { from: "2026-11-29", to: "2026-12-05" });
    // Three stories have Instagram numbers (one of them too few viewers); "Just out" has none yet.
    expect(report.summary).toMatchObject({ stories: 3, tooFewViewers: 1, reach: 1000 + 140 });
    expect(report.summary.completion).toBeCloseTo(0.36);
    expect(report.series).toHaveLength(7);
    expect(report.series.find((p) => p.bucket === "2026-12-03")?.reach).toBe(1000);
    const instagram = report.byPlatform.find((p) => p.platform === "INSTAGRAM");
    expect(instagram).toMatchObject({ kind: "polled", published: 4, stories: 3 });
    const whatsapp = report.byPlatform.find((p) => p.platform === "WHATSAPP");
    expect(whatsapp).toMatchObject({ kind: "none", published: 4 });
    expect(report.byContentType.find((c) => c.contentType === "PHOTO")?.frames).toBe(4);
    expect(report.top.map((s) => s.title)).toEqual(["Winter menu", "Lunch special"]);
    expect(report.bottom).toEqual([]);
  });

  it("refuses a range that is not one, and is not found across workspaces or brands", async () => {
    const { workspace, ctx, brand } = await brandWithHistory();
    await expectAppError(
      getBrandInsights(db(), ctx, brand.id, { from: "2026-12-05", to: "2026-11-01" }),
      "INVALID_INPUT",
    );
    const stranger = await makeWorkspace(db());
    await expectAppError(
      getBrandInsights(db(), stranger.ctx, brand.id, { from: "2026-11-01", to: "2026-11-30" }),
      "NOT_FOUND",
    );
    const other = await makeBrand(db(), workspace.id);
    const client = await makeMember(db(), workspace, "APPROVER", { brandIds: [other.id] });
    await expectAppError(
      getBrandInsights(db(), client, brand.id, { from: "2026-11-01", to: "2026-11-30" }),
      "NOT_FOUND",
    );
    // The member given the brand sees it.
    const given = await makeMember(db(), workspace, "VIEWER", { brandIds: [brand.id] });
    await expect(
      getBrandInsights(db(), given, brand.id, { from: "2026-11-29", to: "2026-12-05" }),
    ).resolves.toMatchObject({
      summary: { stories: 3 },
    });
  });
});

describe("getBestTimes", () => {
  it("recommends nothing below the minimum, then the best hours in the brand's zone with their next dates", async () => {
    const { workspace, ctx } = await makeWorkspace(db());
    const brand = await makeBrand(db(), workspace.id, { timeZone: "America/New_York" });
    const channels = (await makeInsightHistory(db(), brand, [], { now: NOW })).channels;
    // 18:00 New York on Tuesdays reaches most; 09:00 Mondays least.
    const tuesdays = [1, 8, 15, 22].map((d) => new Date(Date.UTC(2026, 10, 2 + d, 23, 0)));
    const mondays = [0, 7, 14, 21].map((d) => new Date(Date.UTC(2026, 10, 2 + d, 14, 0)));
    await makeInsightHistory(
      db(),
      brand,
      [
        ...tuesdays.map((at) => ({ publishedAt: at, reach: 900 })),
        ...mondays.map((at) => ({ publishedAt: at, reach: 100 })),
      ],
      { now: NOW, channels },
    );
    const few = await getBestTimes(db(), ctx, brand.id, NOW);
    expect(few).toMatchObject({
      ready: false,
      total: 8,
      moreNeeded: BEST_TIME_MIN_STORIES - 8,
      best: [],
      upcoming: [],
    });
    expect(few.cells.find((c) => c.weekday === 1 && c.hour === 18)).toMatchObject({
      samples: 4,
      median: 900,
    });

    const filler = Array.from({ length: 12 }, (_, i) => ({
      publishedAt: new Date(Date.UTC(2026, 9, 1 + i, 16, 0)),
      reach: 50,
    }));
    await makeInsightHistory(db(), brand, filler, { now: NOW, channels });
    const many = await getBestTimes(db(), ctx, brand.id, NOW);
    expect(many.ready).toBe(true);
    expect(many.best[0]).toMatchObject({ weekday: 1, hour: 18 });
    expect(many.best.map((c) => [c.weekday, c.hour])).toEqual([
      [1, 18],
      [0, 9],
    ]);
    // NOW is Saturday 5 Dec, 07:00 in New York: soonest first, Monday 7 Dec 09:00, then Tuesday 18:00.
    expect(many.upcoming.map((s) => s.local)).toEqual(["2026-12-07T09:00", "2026-12-08T18:00"]);
  });
});

describe("getWorkspaceOverview", () => {
  it("lists the brands the caller may see with their totals and stories", async () => {
    const { workspace, ctx, brand } = await brandWithHistory();
    const second = await makeBrand(db(), workspace.id, { name: `=Second ${Date.now()}` });
    await makeInsightHistory(db(), second, [{ publishedAt: hoursAgo(50), reach: 70, title: "@other" }], {
      now: NOW,
    });
    const range = { from: "2026-11-29", to: "2026-12-05" };
    const overview = await getWorkspaceOverview(db(), ctx, range);
    expect(overview.brands.map((b) => b.id).sort()).toEqual([brand.id, second.id].sort());
    expect(overview.stories.filter((s) => s.title === "@other")).toHaveLength(1);

    const client = await makeMember(db(), workspace, "APPROVER", { brandIds: [second.id] });
    const limited = await getWorkspaceOverview(db(), client, range);
    expect(limited.brands.map((b) => b.id)).toEqual([second.id]);
    expect(limited.stories.every((s) => s.title === "@other")).toBe(true);

    const stranger = await makeWorkspace(db());
    expect((await getWorkspaceOverview(db(), stranger.ctx, range)).stories).toEqual([]);
  });
});
