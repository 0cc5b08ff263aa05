import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { makeApiKey, makeBrand, makeWorkspace } from "@/prisma/factories";
import { type ApiTestDeps, callApi, setUpApiDeps } from "@/test/api/api-test-kit";

// POST and GET /api/v1/exports: the keys' roles and workspaces. The export itself is built and
// opened in lib/exports/data-export.integration.test.ts; here the queued job is never run.

describe("/api/v1/exports", () => {
  let api: ApiTestDeps;
  beforeAll(async () => {
    api = await setUpApiDeps();
  });
  afterAll(async () => {
    await api.close();
  });

  it("starts an export for owners and admins, follows it, and hides it from everyone else", async () => {
    const { workspace } = await makeWorkspace(db());
    const brand = await makeBrand(db(), workspace.id);
    const owner = await makeApiKey(db(), workspace.id, "OWNER");
    const started = await callApi("POST", "/exports", { key: owner.key, json: { brandId: brand.id } });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ status: "QUEUED", brandId: brand.id, downloadUrl: null });
    const again = await callApi("POST", "/exports", { key: owner.key, json: { brandId: brand.id } });
    expect(again.status).toBe(409);
    const followed = await callApi("GET", `/exports/${started.body.id}`, { key: owner.key });
    expect(followed.status).toBe(200);
    expect(followed.body).toMatchObject({ id: started.body.id, brandName: brand.name });
    expect(await db().auditLog.count({ where: { workspaceId: workspace.id, action: "export.data" } })).toBe(
      1,
    );

    const editor = await makeApiKey(db(), workspace.id, "EDITOR");
    expect((await callApi("POST", "/exports", { key: editor.key, json: {} })).status).toBe(403);
    expect((await callApi("GET", `/exports/${started.body.id}`, { key: editor.key })).status).toBe(403);
    const { workspace: theirs } = await makeWorkspace(db());
    const stranger = await makeApiKey(db(), theirs.id, "OWNER");
    expect((await callApi("GET", `/exports/${started.body.id}`, { key: stranger.key })).status).toBe(404);
    expect(
      (await callApi("POST", "/exports", { key: stranger.key, json: { brandId: brand.id } })).status,
    ).toBe(404);
    expect(
      (await callApi("POST", "/exports", { key: owner.key, json: { brandId: brand.id, all: true } })).status,
    ).toBe(422);
  });
});
