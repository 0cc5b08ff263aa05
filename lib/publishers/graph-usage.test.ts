import { describe, expect, it } from "vitest";
import { parseGraphUsage } from "./graph-usage";

const headers = (values: Record<string, string>) => new Headers(values);

describe("parseGraphUsage", () => {
  it("reads X-App-Usage", () => {
    const usage = parseGraphUsage(
      headers({ "x-app-usage": '{"call_count":28,"total_time":25,"total_cputime":40}' }),
    );
    expect(usage).toEqual({
      app: { callCount: 28, totalTime: 25, totalCputime: 40 },
      businessUseCases: [],
      maxPercent: 40,
      regainAccessMs: 0,
    });
  });

  it("reads X-Business-Use-Case-Usage with the wait in minutes turned into ms", () => {
    const usage = parseGraphUsage(
      headers({
        "x-business-use-case-usage": JSON.stringify({
          "17841400000": [
            {
              type: "instagram",
              call_count: 101,
              total_cputime: 12,
              total_time: 30,
              estimated_time_to_regain_access: 7,
            },
          ],
          "1000123": [{ type: "pages", call_count: 5, total_cputime: 1, total_time: 1 }],
        }),
      }),
    );
    // Numeric keys come back in numeric order (a JSON object property rule): compare unordered.
    expect(usage?.businessUseCases).toHaveLength(2);
    expect(usage?.businessUseCases).toEqual(
      expect.arrayContaining([
        {
          accountId: "17841400000",
          type: "instagram",
          callCount: 101,
          totalCputime: 12,
          totalTime: 30,
          estimatedTimeToRegainAccessMin: 7,
        },
        {
          accountId: "1000123",
          type: "pages",
          callCount: 5,
          totalCputime: 1,
          totalTime: 1,
          estimatedTimeToRegainAccessMin: 0,
        },
      ]),
    );
    expect(usage?.maxPercent).toBe(101);
    expect(usage?.regainAccessMs).toBe(7 * 60_000);
    expect(usage?.app).toBeUndefined();
  });

  it("answers undefined without usage headers", () => {
    expect(parseGraphUsage(headers({ "content-type": "application/json" }))).toBeUndefined();
  });

  it("ignores a malformed header instead of failing the call", () => {
    const usage = parseGraphUsage(
      headers({ "x-app-usage": "not json", "x-business-use-case-usage": '{"1":"nope"}' }),
    );
    expect(usage).toEqual({ app: undefined, businessUseCases: [], maxPercent: 0, regainAccessMs: 0 });
  });

  it("reads numbers sent as strings, counts anything else as 0, and keeps the good entries beside a bad one", () => {
    const usage = parseGraphUsage(
      headers({
        "x-app-usage": '{"call_count":"28","total_time":null,"total_cputime":"lots"}',
        "x-business-use-case-usage": JSON.stringify({
          "1": ["nope", { call_count: 9, estimated_time_to_regain_access: "2" }],
        }),
      }),
    );
    expect(usage?.app).toEqual({ callCount: 28, totalTime: 0, totalCputime: 0 });
    expect(usage?.businessUseCases).toEqual([
      {
        accountId: "1",
        type: "unknown",
        callCount: 9,
        totalTime: 0,
        totalCputime: 0,
        estimatedTimeToRegainAccessMin: 2,
      },
    ]);
    expect(usage?.maxPercent).toBe(28);
    expect(usage?.regainAccessMs).toBe(2 * 60_000);
  });
});
