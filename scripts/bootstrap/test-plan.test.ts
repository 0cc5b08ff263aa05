import { describe, expect, it } from "vitest";
import { countsOf, formatCounts, parseSuites } from "./test-plan.mjs";

describe("parseSuites", () => {
  it("runs everything without arguments", () => {
    expect([...parseSuites([])]).toEqual(["static", "unit", "integration", "e2e"]);
  });

  it("accepts --only=a,b and --only a, in the documented order", () => {
    expect([...parseSuites(["--only=e2e,unit"])]).toEqual(["unit", "e2e"]);
    expect([...parseSuites(["--only", "integration"])]).toEqual(["integration"]);
  });

  it("names the valid suites when given an unknown one", () => {
    expect(() => parseSuites(["--only=units"])).toThrow(
      /Unknown suite "units". Choose from: static, unit, integration, e2e/,
    );
    expect(() => parseSuites(["--watch"])).toThrow(/Unknown argument "--watch"/);
  });
});

describe("countsOf", () => {
  it("reads vitest's JSON report", () => {
    expect(countsOf({ numPassedTests: 40, numFailedTests: 1, numPendingTests: 2, numTodoTests: 1 })).toEqual({
      passed: 40,
      failed: 1,
      skipped: 3,
    });
  });

  it("reads Playwright's JSON report, counting flaky tests that passed on retry as passed", () => {
    expect(countsOf({ stats: { expected: 10, unexpected: 0, flaky: 1, skipped: 2 } })).toEqual({
      passed: 11,
      failed: 0,
      skipped: 2,
    });
  });

  it("ignores anything else", () => {
    expect(countsOf({ hello: 1 })).toBeUndefined();
    expect(countsOf(null)).toBeUndefined();
  });
});

describe("formatCounts", () => {
  it("prints the closing line CI looks for", () => {
    expect(formatCounts({ passed: 12, failed: 0, skipped: 0 })).toBe("12 passed, 0 failed");
    expect(formatCounts({ passed: 12, failed: 1, skipped: 3 })).toBe("12 passed, 1 failed, 3 skipped");
  });
});
