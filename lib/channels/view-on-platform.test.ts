import { describe, expect, it } from "vitest";
import { viewOnPlatformUrl } from "./view-on-platform";

const channel = { platform: "INSTAGRAM" as const, sandbox: false, externalAccountId: "17841400000000001" };
const permalink = "https://www.instagram.com/stories/acme/18000000000000001/";

describe("viewOnPlatformUrl", () => {
  it("leads a real channel to the permalink the platform returned", () => {
    expect(viewOnPlatformUrl({ permalink, channel }, "http://127.0.0.1:4100")).toBe(permalink);
  });

  it("offers no link when the platform returned none, rather than building one", () => {
    expect(viewOnPlatformUrl({ permalink: null, channel }, "http://127.0.0.1:4100")).toBeNull();
    expect(viewOnPlatformUrl({ permalink: "javascript:alert(1)", channel }, "http://x")).toBeNull();
  });

  it("leads a sandbox channel to its account's phone on the simulators, never to the real app", () => {
    const sandbox = { ...channel, sandbox: true, externalAccountId: "sbx 1" };
    expect(viewOnPlatformUrl({ permalink, channel: sandbox }, "http://127.0.0.1:4100/")).toBe(
      "http://127.0.0.1:4100/?platform=instagram&account=sbx+1",
    );
    expect(
      viewOnPlatformUrl(
        { permalink: null, channel: { ...sandbox, platform: "WHATSAPP" } },
        "http://sim.example:4100",
      ),
    ).toBe("http://sim.example:4100/?platform=whatsapp&account=sbx+1");
  });
});
