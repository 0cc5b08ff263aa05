import { describe, expect, it } from "vitest";
import { checkGraphVersion, GRAPH_API_VERSIONS, newestGraphVersion } from "./graph-api-versions";

const at = (iso: string) => new Date(iso);

describe("checkGraphVersion", () => {
  it("passes a version with more than 90 days left and names its end", () => {
    const check = checkGraphVersion("v25.0", at("2026-12-05T12:00:00Z"));
    expect(check.status).toBe("pass");
    expect(check.detail).toContain("29 Jul 2028");
    expect(check.fix).toBe("");
  });

  it("warns inside the 90 days before the end, counting the days", () => {
    const check = checkGraphVersion("v21.0", at("2026-12-05T00:00:00Z"));
    expect(check.status).toBe("warn");
    expect(check.detail).toMatch(/retires v21\.0 on .*21 Jan 2027.*in 47 days/);
    expect(check.fix).toContain(`META_GRAPH_VERSION=${newestGraphVersion()}`);
    // The day before the window opens it still passes.
    expect(checkGraphVersion("v21.0", at("2026-10-22T00:00:00Z")).status).toBe("pass");
    expect(checkGraphVersion("v21.0", at("2026-10-23T00:00:00Z")).status).toBe("warn");
  });

  it("fails a retired version from its end date on", () => {
    expect(checkGraphVersion("v20.0", at("2026-09-23T23:59:00Z")).status).toBe("warn");
    const retired = checkGraphVersion("v20.0", at("2026-09-24T00:00:00Z"));
    expect(retired.status).toBe("fail");
    expect(retired.detail).toContain("retired v20.0");
  });

  it("passes the current version whose end is not announced", () => {
    const check = checkGraphVersion("v26.0", at("2026-12-05T00:00:00Z"));
    expect(check).toMatchObject({ status: "pass", detail: expect.stringContaining("not announced") });
  });

  it("warns about a version it does not know", () => {
    const check = checkGraphVersion("v99.0", at("2026-12-05T00:00:00Z"));
    expect(check.status).toBe("warn");
    expect(check.detail).toContain("end of life is unknown");
  });

  it("knows the default version and names the newest as the fix", () => {
    expect(GRAPH_API_VERSIONS["v25.0"]).toBeDefined();
    expect(newestGraphVersion()).toBe("v26.0");
  });
});
