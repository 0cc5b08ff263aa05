import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { presetRange } from "@/lib/core/analytics-period";
import { dateInZone } from "@/lib/core/plain-date";
import { db } from "@/lib/db/client";
import { makeApiKey, makeBrand, makeInsightHistory, makeWorkspace } from "@/prisma/factories";
import { type ApiTestDeps, callApi, setUpApiDeps } from "@/test/api/api-test-kit";

// GET /api/v1/stories/{storyId}/insights and GET /api/v1/brands/{brandId}/insights, called
// in-process through withApiKey like Next.js would, over a history made by makeInsightHistory
// (through recordInsightSnapshot, as the collector stores it).

const PROBLEM = "application/problem+json";
const HOUR = 3_600_000;

let api: ApiTestDeps;
beforeAll(async () => {
  api = await setUpApiDeps();
});
afterAll(async () => {
  await api.close();
});

async function tenant() {
  const { workspace } = await makeWorkspace(db());
  const brand = await makeBrand(db(), workspace.id, { timeZone: "America/New_York" });
  const now = new Date();
  const history = await makeInsightHistory(
    db(),
    brand,
    [
      {
        publishedAt: new Date(now.getTime() - 50 * HOUR),
        title: "=cmd|' /C calc'!A0",
        frames: 3,
        reach: 800,
        retention: 0.5,
      },
      { publishedAt: new Date(now.getTime() - 30 * HOUR), title: "Single", reach: 300 },
    ],
    { now },
  );
  const viewer = await makeApiKey(db(), workspace.id, "VIEWER");
  return { workspace, brand, history, key: viewer.key };
}

describe("GET /stories/{storyId}/insights", () => {
  it("gives each channel's numbers, or the reason a platform reports none", async () => {
    const t = await tenant();
    const story = t.history.stories[0];
    const res = await callApi("GET", `/stories/${story?.id}/insights`, { key: t.key });
    expect(res.status).toBe(200);
    expect(res.body.storyId).toBe(story?.id);
    const byPlatform = Object.fromEntries(
      res.body.channels.map((c: { platform: string }) => [c.platform, c]),
    );
    expect(byPlatform.INSTAGRAM).toMatchObject({
      status: "NUMBERS",
      final: true,
      tooFewViewers: false,
      totals: { reach: 800, views: 960 + 480 + 240, completion: 0.25 },
      funnel: { worstAt: 1 },
    });
    expect(byPlatform.INSTAGRAM.frames).toHaveLength(3);
    expect(byPlatform.INSTAGRAM.growth.map((p: { slot: string }) => p.slot)).toEqual([
      "H1",
      "H6",
      "H12",
      "H20",
      "FINAL",
    ]);
    expect(typeof byPlatform.INSTAGRAM.capturedAt).toBe("string");
    for (const platform of ["FACEBOOK", "WHATSAPP"]) {
      expect(byPlatform[platform]).toMatchObject({ status: "NOT_REPORTED", totals: null, frames: [] });
      expect(byPlatform[platform].reason).toMatch(/\w/);
    }
  });

  it("answers 404 for another workspace's story, the same as for none", async () => {
    const mine = await tenant();
    const theirs = await tenant();
    const other = await callApi("GET", `/stories/${theirs.history.stories[0]?.id}/insights`, {
      key: mine.key,
    });
    expect(other.status).toBe(404);
    expect(other.headers.get("content-type")).toContain(PROBLEM);
    const none = await callApi("GET", "/stories/no-such-story/insights", { key: mine.key });
    expect(none.status).toBe(404);
    expect(none.body.detail).toBe(other.body.detail);
  });

  it("refuses a query it does not take", async () => {
    const t = await tenant();
    const res = await callApi("GET", `/stories/${t.history.stories[0]?.id}/insights?from=2026-01-01`, {
      key: t.key,
    });
    expect(res.status).toBe(422);
    expect(res.body.errors?.[0]?.field).toBe("from");
  });
});

describe("GET /brands/{brandId}/insights", () => {
  it("adds up a range of days in the brand's zone, the last 30 by default", async () => {
    const t = await tenant();
    const today = dateInZone(new Date(), t.brand.timeZone);
    const byDefault = await callApi("GET", `/brands/${t.brand.id}/insights`, { key: t.key });
    expect(byDefault.status).toBe(200);
    expect(byDefault.body).toMatchObject({ ...presetRange("month", today), timeZone: "America/New_York" });
    expect(byDefault.body.summary).toMatchObject({ stories: 2, reach: 1100, completion: 0.25 });
    expect(byDefault.body.series).toHaveLength(30);
    expect(byDefault.body.top.map((s: { reach: number }) => s.reach)).toEqual([800, 300]);
    const whatsapp = byDefault.body.byPlatform.find((p: { platform: string }) => p.platform === "WHATSAPP");
    expect(whatsapp).toMatchObject({ reported: false, published: 2, views: null });

    const week = presetRange("week", today);
    const ranged = await callApi("GET", `/brands/${t.brand.id}/insights?from=${week.from}&to=${week.to}`, {
      key: t.key,
    });
    expect(ranged.status).toBe(200);
    expect(ranged.body.series).toHaveLength(7);
  });

  it("refuses a range that is not one with what to change, and changes nothing", async () => {
    const t = await tenant();
    const cases: [string, string][] = [
      ["?from=2026-11-01", "Give both from and to"],
      ["?from=2026-02-30&to=2026-03-01", "real date"],
      ["?from=2026-12-01&to=2026-11-01", "swap"],
      ["?from=2024-01-01&to=2026-01-01", "366"],
      ["?since=2026-11-01", "since"],
    ];
    for (const [query, says] of cases) {
      const res = await callApi("GET", `/brands/${t.brand.id}/insights${query}`, { key: t.key });
      expect(res.status, query).toBe(422);
      expect(res.headers.get("content-type")).toContain(PROBLEM);
      expect(JSON.stringify(res.body), query).toContain(says);
    }
  });

  it("answers 404 for another workspace's brand", async () => {
    const mine = await tenant();
    const theirs = await tenant();
    const res = await callApi("GET", `/brands/${theirs.brand.id}/insights`, { key: mine.key });
    expect(res.status).toBe(404);
  });
});
