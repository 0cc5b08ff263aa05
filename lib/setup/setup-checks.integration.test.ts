import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SetupCheck } from "@/lib/core/setup-check";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { makeBrand, makeMember, makeWorkspace } from "@/prisma/factories";
import { expectAppError } from "@/test/assert/expect-app-error";
import { startTestSimulator, type TestSimulator } from "@/test/simulators/sim-client";
import { runInstallationChecks } from "./run-installation-checks";
import { runSetupChecks } from "./run-setup-checks";

let sim: TestSimulator;
let closedPort: number;
const box = secretBoxFromEnv(env());
const now = new Date("2026-12-05T12:00:00Z");
// A public literal address: the media check passes without asking DNS.
const PUBLIC = "https://8.8.8.8";

beforeAll(async () => {
  sim = await startTestSimulator();
  // A port nothing listens on: bound, then released.
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closedPort = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
});

afterAll(async () => {
  await sim.close();
});

const config = (overrides: Record<string, string | undefined> = {}) => ({
  GRAPH_API_VERSION: "v25.0",
  META_GRAPH_URL: `${sim.base}/facebook`,
  SIMULATOR_URL: sim.base,
  PUBLIC_BASE_URL: PUBLIC,
  ...overrides,
});

const byId = (checks: SetupCheck[], id: string) => {
  const check = checks.find((c) => c.id === id);
  if (!check) throw new Error(`no check "${id}" in ${checks.map((c) => c.id).join(", ")}`);
  return check;
};

async function gatewayChannel(
  workspaceId: string,
  gatewayUrl: string,
  apiKey: string,
  session: string,
): Promise<{ id: string }> {
  const brand = await makeBrand(db(), workspaceId);
  const channel = await db().channel.create({
    data: {
      workspaceId,
      brandId: brand.id,
      platform: "WHATSAPP",
      externalAccountId: session,
      displayName: `Acme WhatsApp ${session}`,
      config: { mode: "gateway", gatewayUrl },
    },
  });
  await db().channelCredential.create({
    data: { workspaceId, channelId: channel.id, ...box.seal(JSON.stringify({ apiKey }), channel.id) },
  });
  return channel;
}

describe("setup doctor: the Meta app", () => {
  it("passes an app id and secret the Graph API accepts", async () => {
    const checks = await runInstallationChecks({
      config: config({ META_APP_ID: "100000000000001", META_APP_SECRET: "storyrelay-simulator-secret" }),
      now,
    });
    expect(byId(checks, "meta-app")).toMatchObject({
      status: "pass",
      detail: expect.stringContaining("accepted app 100000000000001"),
    });
  });

  it("fails a wrong secret with Meta's own words and a wrong app id likewise", async () => {
    const wrongSecret = byId(
      await runInstallationChecks({
        config: config({ META_APP_ID: "100000000000001", META_APP_SECRET: "not-the-secret" }),
        now,
      }),
      "meta-app",
    );
    expect(wrongSecret.status).toBe("fail");
    expect(wrongSecret.detail).toContain("Error validating client secret");
    expect(wrongSecret.fix).toContain("META_APP_SECRET");
    const wrongId = byId(
      await runInstallationChecks({
        config: config({ META_APP_ID: "999", META_APP_SECRET: "storyrelay-simulator-secret" }),
        now,
      }),
      "meta-app",
    );
    expect(wrongId).toMatchObject({
      status: "fail",
      detail: expect.stringContaining("Invalid application ID"),
    });
  });

  it("fails an app id without a secret and a Graph host that does not answer", async () => {
    const noSecret = byId(
      await runInstallationChecks({ config: config({ META_APP_ID: "100000000000001" }), now }),
      "meta-app",
    );
    expect(noSecret).toMatchObject({
      status: "fail",
      detail: expect.stringContaining("META_APP_SECRET is not set"),
    });
    const unreachable = byId(
      await runInstallationChecks({
        config: config({
          META_APP_ID: "100000000000001",
          META_APP_SECRET: "storyrelay-simulator-secret",
          META_GRAPH_URL: `http://127.0.0.1:${closedPort}`,
        }),
        now,
      }),
      "meta-app",
    );
    expect(unreachable).toMatchObject({
      status: "fail",
      detail: expect.stringContaining("could not connect"),
    });
  });

  it("warns in the sandbox when the simulators answer, and fails when they do not", async () => {
    const sandbox = byId(await runInstallationChecks({ config: config(), now }), "meta-app");
    expect(sandbox).toMatchObject({ status: "warn", detail: expect.stringContaining("sandbox accounts") });
    const down = byId(
      await runInstallationChecks({
        config: config({ SIMULATOR_URL: `http://127.0.0.1:${closedPort}` }),
        now,
      }),
      "meta-app",
    );
    expect(down).toMatchObject({ status: "fail", fix: expect.stringContaining("simulators") });
  });
});

describe("setup doctor: the installation", () => {
  it("fails a localhost PUBLIC_BASE_URL once a Meta app is set, only warns a sandbox install, and lists the redirect URIs", async () => {
    const live = await runInstallationChecks({
      config: config({ PUBLIC_BASE_URL: "http://localhost:3000", META_APP_ID: "1234", META_APP_SECRET: "s" }),
      now,
    });
    expect(byId(live, "public-base-url")).toMatchObject({
      status: "fail",
      detail: expect.stringContaining("cannot fetch it"),
    });
    expect(byId(live, "redirect-uris").copy?.map((c) => c.value)).toEqual([
      "http://localhost:3000/api/oauth/facebook/callback",
      "http://localhost:3000/api/oauth/instagram/callback",
    ]);
    expect(byId(live, "graph-version").status).toBe("pass");
    // A fresh install with sandbox channels only works on localhost: warned, not failed.
    const sandbox = await runInstallationChecks({
      config: config({ PUBLIC_BASE_URL: "http://localhost:3000" }),
      now,
    });
    expect(byId(sandbox, "public-base-url")).toMatchObject({
      status: "warn",
      detail: expect.stringContaining("Sandbox channels work"),
    });
    const publicOne = await runInstallationChecks({ config: config(), now });
    expect(byId(publicOne, "public-base-url").status).toBe("pass");
  });
});

describe("setup doctor: gateways", () => {
  it("passes a gateway that answers with the channel's key, naming the session's state", async () => {
    const session = await sim.createAccount({ platform: "whatsapp", id: `doc-${Date.now()}`, name: "Acme" });
    const { workspace, ctx } = await makeWorkspace(db());
    await gatewayChannel(workspace.id, `${sim.base}/waha`, session.apiKey, session.id);
    const checks = await runSetupChecks({ db: db(), box, config: config(), now }, ctx);
    const gateways = checks.filter((c) => c.id.startsWith("gateway-"));
    expect(gateways).toHaveLength(1);
    expect(gateways[0]).toMatchObject({ status: "pass", detail: expect.stringContaining("is WORKING") });
  });

  it("fails an unreachable gateway and one that refuses the key, within the timeout", async () => {
    const session = await sim.createAccount({
      platform: "whatsapp",
      id: `doc-${Date.now()}-k`,
      name: "Acme",
    });
    const { workspace, ctx } = await makeWorkspace(db());
    const dead = await gatewayChannel(workspace.id, `http://127.0.0.1:${closedPort}`, "some-key", "dead");
    const refused = await gatewayChannel(workspace.id, `${sim.base}/waha`, "not-the-key-at-all", session.id);
    const checks = await runSetupChecks({ db: db(), box, config: config(), now, timeoutMs: 2_000 }, ctx);
    expect(byId(checks, `gateway-${dead.id}`)).toMatchObject({
      status: "fail",
      detail: expect.stringContaining("could not be reached"),
      fix: expect.stringContaining("running"),
    });
    expect(byId(checks, `gateway-${refused.id}`)).toMatchObject({
      status: "fail",
      detail: expect.stringContaining("refuses the stored API key"),
    });
  });

  it("reports a gateway channel whose key cannot be read instead of failing the page", async () => {
    const { workspace, ctx } = await makeWorkspace(db());
    const channel = await gatewayChannel(workspace.id, `${sim.base}/waha`, "k", "lost");
    await db().channelCredential.deleteMany({ where: { channelId: channel.id, workspaceId: workspace.id } });
    const checks = await runSetupChecks({ db: db(), box, config: config(), now }, ctx);
    expect(byId(checks, `gateway-${channel.id}`)).toMatchObject({
      status: "fail",
      detail: expect.stringContaining("cannot be read"),
    });
  });

  it("skips a workspace without gateways and never shows another workspace's", async () => {
    const other = await makeWorkspace(db());
    await gatewayChannel(other.workspace.id, `http://127.0.0.1:${closedPort}`, "k", "theirs");
    const { ctx } = await makeWorkspace(db());
    const checks = await runSetupChecks({ db: db(), box, config: config(), now }, ctx);
    expect(checks.filter((c) => c.id.startsWith("gateway"))).toEqual([
      expect.objectContaining({ id: "gateways", status: "skip" }),
    ]);
  });

  it("refuses everyone but owners", async () => {
    const { workspace } = await makeWorkspace(db());
    for (const role of ["ADMIN", "EDITOR", "VIEWER"] as const) {
      const member = await makeMember(db(), workspace, role);
      await expectAppError(runSetupChecks({ db: db(), box, config: config(), now }, member), "FORBIDDEN");
    }
  });
});
