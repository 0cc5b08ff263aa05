import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashApiKey } from "@/lib/api-keys/create-api-key";
import { db } from "@/lib/db/client";
import { makeWorkspace } from "@/prisma/factories";
import { startTestSimulator, type TestSimulator } from "@/test/simulators/sim-client";

const run = promisify(execFile);

async function cli(...args: string[]) {
  return cliWith({}, ...args);
}

async function cliWith(extraEnv: Record<string, string>, ...args: string[]) {
  try {
    const { stdout, stderr } = await run("npx", ["tsx", "scripts/cli.ts", ...args], {
      env: { ...process.env, ...extraEnv },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("operator CLI", () => {
  it("apikey:create prints a key once and stores only its hash", async () => {
    const { workspace } = await makeWorkspace(db());
    const result = await cli(
      "apikey:create",
      "--workspace",
      workspace.slug,
      "--role",
      "editor",
      "--name",
      "Zapier",
    );
    expect(result.code).toBe(0);
    const key = result.stdout.match(/sr_live_[A-Za-z0-9_-]{43}/)?.[0];
    expect(key).toBeDefined();
    const stored = await db().apiKey.findFirstOrThrow({ where: { workspaceId: workspace.id } });
    expect(stored).toMatchObject({ name: "Zapier", role: "EDITOR", keyHash: hashApiKey(key ?? "") });
    expect(JSON.stringify(stored)).not.toContain(key);
  });

  it("apikey:create explains an unknown workspace and a bad role", async () => {
    const unknown = await cli("apikey:create", "--workspace", "no-such-workspace", "--role", "ADMIN");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No workspace with slug "no-such-workspace"');
    const { workspace } = await makeWorkspace(db());
    const badRole = await cli("apikey:create", "--workspace", workspace.slug, "--role", "ROOT");
    expect(badRole.code).toBe(1);
    expect(badRole.stderr).toMatch(/Choose a role/);
    expect(await db().apiKey.count({ where: { workspaceId: workspace.id } })).toBe(0);
  });

  it("user:create makes an account and refuses a weak password", async () => {
    const email = `cli-${Date.now()}@example.test`;
    const weak = await cli("user:create", "--email", email, "--name", "Op", "--password", "short");
    expect(weak.code).toBe(1);
    expect(weak.stderr).toMatch(/at least 10 characters/);
    const ok = await cli(
      "user:create",
      "--email",
      email,
      "--name",
      "Op",
      "--password",
      "operator passphrase",
    );
    expect(ok.code).toBe(0);
    expect(await db().user.count({ where: { email } })).toBe(1);
  });

  describe("doctor", () => {
    let sim: TestSimulator;
    beforeAll(async () => {
      sim = await startTestSimulator();
    });
    afterAll(async () => {
      await sim.close();
    });
    // A public literal address keeps the media check off DNS; the Meta app is the simulators'.
    const healthy = () => ({
      PUBLIC_BASE_URL: "https://8.8.8.8",
      META_APP_ID: "100000000000001",
      META_APP_SECRET: "storyrelay-simulator-secret",
      META_GRAPH_URL: `${sim.base}/facebook`,
      SIMULATOR_URL: sim.base,
      INSTAGRAM_APP_ID: "",
      INSTAGRAM_APP_SECRET: "",
      META_GRAPH_VERSION: "",
      GRAPH_API_VERSION: "v25.0",
      META_WEBHOOK_VERIFY_TOKEN: "",
    });

    it("prints every check with the redirect URIs and exits 0 when nothing fails", async () => {
      const { workspace } = await makeWorkspace(db());
      const result = await cliWith(healthy(), "doctor", "--workspace", workspace.slug);
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/✓ OK +Meta app/);
      expect(result.stdout).toContain(
        "Facebook Login for Business: https://8.8.8.8/api/oauth/facebook/callback",
      );
      expect(result.stdout).toMatch(/✓ OK +Graph API version v25\.0/);
      expect(result.stdout).toMatch(/- Skipped +Gateways/);
      // No META_WEBHOOK_VERIFY_TOKEN here: the story insights webhook is the second warning.
      expect(result.stdout).toMatch(/! Warning +Meta webhook: story insights and replies/);
      expect(result.stdout).toContain("Callback URL: https://8.8.8.8/api/webhooks/meta");
      expect(result.stdout).toMatch(/0 problems, 2 warnings, \d+ OK\./);
    });

    it("exits 1 on a wrong app secret and a localhost PUBLIC_BASE_URL, naming both", async () => {
      const result = await cliWith(
        { ...healthy(), META_APP_SECRET: "wrong", PUBLIC_BASE_URL: "http://localhost:3000" },
        "doctor",
      );
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/✗ Problem +Meta app/);
      expect(result.stdout).toContain("Error validating client secret");
      expect(result.stdout).toMatch(/✗ Problem +Media reachable by Instagram and Facebook/);
      expect(result.stdout).toContain("2 problems");
    });

    it("explains an unknown workspace", async () => {
      const result = await cliWith(healthy(), "doctor", "--workspace", "no-such-workspace");
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('No workspace with slug "no-such-workspace"');
    });
  });

  it("prints usage for an unknown command and exits 2", async () => {
    const result = await cli("frobnicate");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Unknown command");
    expect(result.stderr).toContain("apikey:create");
  });
});
