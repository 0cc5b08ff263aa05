import { describe, expect, it } from "vitest";
import { checkPublicBaseUrl, type ResolveHost } from "./check-public-base-url";

const dns =
  (answers: Record<string, string[]>): ResolveHost =>
  async (host) => {
    const found = answers[host];
    if (!found) throw new Error(`getaddrinfo ENOTFOUND ${host}`);
    return found;
  };
const noDns: ResolveHost = async (host) => {
  throw new Error(`no lookup expected for ${host}`);
};

describe("checkPublicBaseUrl", () => {
  it.each([
    ["http://localhost:3000", "names this machine"],
    ["http://app.localhost", "names this machine"],
    ["https://storyrelay.local", "names this machine"],
    ["http://web:3000", "without a domain"],
    ["http://127.0.0.1:3000", "private, loopback or link-local"],
    ["http://[::1]:3000", "private, loopback or link-local"],
    ["http://192.168.1.20", "private, loopback or link-local"],
    ["http://10.0.0.5", "private, loopback or link-local"],
    ["http://169.254.10.1", "private, loopback or link-local"],
    ["http://100.64.0.1", "private, loopback or link-local"],
    ["http://[fd00::1]", "private, loopback or link-local"],
  ])("fails %s and names the fixes", async (url, why) => {
    const check = await checkPublicBaseUrl(url, noDns);
    expect(check.status).toBe("fail");
    expect(check.detail).toContain(why);
    expect(check.detail).toContain("cannot fetch it");
    expect(check.fix).toMatch(/tunnel/);
    expect(check.fix).toContain("MEDIA_STORAGE=s3");
  });

  it("only warns on a sandbox-only install, saying sandbox channels work and real ones will not", async () => {
    const check = await checkPublicBaseUrl("http://localhost:3000", noDns, { sandboxOnly: true });
    expect(check.status).toBe("warn");
    expect(check.detail).toContain("Sandbox channels work");
    expect(check.detail).toContain("cannot fetch media");
    expect(check.fix).toMatch(/tunnel/);
  });

  it("fails a name that resolves to a private address, naming the address", async () => {
    const check = await checkPublicBaseUrl("https://sr.example.com", dns({ "sr.example.com": ["10.1.2.3"] }));
    expect(check.status).toBe("fail");
    expect(check.detail).toContain("resolves to 10.1.2.3");
  });

  it("fails a name with one private address among public ones", async () => {
    const check = await checkPublicBaseUrl(
      "https://sr.example.com",
      dns({ "sr.example.com": ["203.0.113.9", "192.168.0.2"] }),
    );
    expect(check).toMatchObject({ status: "fail", detail: expect.stringContaining("192.168.0.2") });
  });

  it("passes a public address and a name that resolves to one", async () => {
    expect((await checkPublicBaseUrl("https://8.8.8.8", noDns)).status).toBe("pass");
    const named = await checkPublicBaseUrl(
      "https://stories.example.com",
      dns({ "stories.example.com": ["93.184.216.34", "2606:2800:220:1::1"] }),
    );
    expect(named.status).toBe("pass");
    expect(named.detail).toContain("93.184.216.34");
  });

  it("warns when the name does not resolve here", async () => {
    const check = await checkPublicBaseUrl("https://nowhere.example.com", dns({}));
    expect(check.status).toBe("warn");
    expect(check.detail).toContain("could not be resolved");
  });
});
