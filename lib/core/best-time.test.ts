import { describe, expect, it } from "vitest";
import { BEST_TIME_MIN_PER_CELL, BEST_TIME_MIN_STORIES, bestTimeGrid, upcomingSlots } from "./best-time";

const BERLIN = "Europe/Berlin";

/** A sample on Monday 7 Dec 2026 + `day` days at `hour` Berlin time (UTC+1 in December). */
const at = (day: number, hour: number, value: number) => ({
  publishedAt: new Date(Date.UTC(2026, 11, 7 + day, hour - 1, 10)),
  value,
});

describe("bestTimeGrid", () => {
  it("places samples by weekday and hour in the brand's zone", () => {
    // 23:30 UTC on Sunday is 00:30 on Monday in Berlin.
    const grid = bestTimeGrid([{ publishedAt: new Date("2026-12-06T23:30:00Z"), value: 5 }], BERLIN);
    expect(grid.cells).toHaveLength(168);
    expect(grid.cells.find((c) => c.samples > 0)).toMatchObject({
      weekday: 0,
      hour: 0,
      samples: 1,
      median: 5,
    });
  });

  it("recommends nothing with few samples and says how many more it needs", () => {
    const grid = bestTimeGrid([at(0, 9, 100), at(7, 9, 120), at(14, 9, 110), at(1, 18, 50)], BERLIN);
    expect(grid.ready).toBe(false);
    expect(grid.moreNeeded).toBe(BEST_TIME_MIN_STORIES - 4);
    expect(grid.best).toEqual([]);
    expect(grid.cells[9]).toMatchObject({ samples: 3, median: 110 });
  });

  it("with many samples, recommends cells of at least 3 stories by median, not by one outlier", () => {
    const samples = [
      // Monday 09:00: steady 100s.
      ...[0, 7, 14, 21].map((week) => at(week, 9, 100 + week)),
      // Tuesday 18:00: three weeks of 300.
      ...[1, 8, 15].map((day) => at(day, 18, 300)),
      // Friday 12:00: one viral story and two quiet ones — median 40.
      at(4, 12, 10_000),
      at(11, 12, 40),
      at(18, 12, 30),
      // Saturday 20:00: a single huge story, below the per-cell minimum.
      at(5, 20, 50_000),
      // Filler across the week to pass the overall minimum.
      ...Array.from({ length: 10 }, (_, i) => at(i, 6, 5)),
    ];
    expect(samples.length).toBeGreaterThanOrEqual(BEST_TIME_MIN_STORIES);
    const grid = bestTimeGrid(samples, BERLIN);
    expect(grid.ready).toBe(true);
    expect(grid.moreNeeded).toBe(0);
    expect(grid.best.map((c) => [c.weekday, c.hour])).toEqual([
      [1, 18],
      [0, 9],
      [4, 12],
    ]);
    expect(grid.best.every((c) => c.samples >= BEST_TIME_MIN_PER_CELL)).toBe(true);
  });

  it("is not ready with enough stories when no hour has 3 of them", () => {
    const samples = Array.from({ length: 24 }, (_, hour) => at(0, hour, 10));
    const grid = bestTimeGrid(samples, BERLIN);
    expect(grid.moreNeeded).toBe(0);
    expect(grid.ready).toBe(false);
  });
});

describe("upcomingSlots", () => {
  it("gives the next occurrence of each recommended cell in the brand's zone, soonest first", () => {
    // Wednesday 9 Dec 2026, 10:00 in Berlin.
    const now = new Date("2026-12-09T09:00:00Z");
    const slots = upcomingSlots(
      [
        { weekday: 0, hour: 9 },
        { weekday: 2, hour: 18 },
        { weekday: 2, hour: 10 },
      ],
      now,
      BERLIN,
    );
    expect(slots.map((s) => s.local)).toEqual(["2026-12-09T18:00", "2026-12-14T09:00", "2026-12-16T10:00"]);
    expect(slots[0]?.instant.toISOString()).toBe("2026-12-09T17:00:00.000Z");
  });
});
