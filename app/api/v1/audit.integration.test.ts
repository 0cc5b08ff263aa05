import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { makeApiKey, makeWorkspace } from "@/prisma/factories";
import { type ApiTestDeps, callApi, setUpApiDeps } from "@/test/api/api-test-kit";

// GET /api/v1/audit: an owner's or admin's key reads the trail (its own calls in it, with their
// origin); an editor's key is refused; another workspace's entries never show.

describe("GET /api/v1/audit", () => {
  let api: ApiTestDeps;
  beforeAll(async () => {
    api = await setUpApiDeps({ trustProxy: true });
  });
  afterAll(async () => {
    await api.close();
  });

  it("pages the trail for an admin key, filtered, with the key as actor and the request's origin", async () => {
    const { workspace } = await makeWorkspace(db());
    const admin = await makeApiKey(db(), workspace.id, "ADMIN");
    const headers = { "x-forwarded-for": "198.51.100.42", "user-agent": "integration-client/2.0" };
    for (const name of ["North", "South", "East"]) {
      const created = await callApi("POST", "/brands", {
        key: admin.key,
        json: { name, timeZone: "Europe/Paris" },
        headers,
      });
      expect(created.status).toBe(201);
    }
    const other = await makeWorkspace(db());
    const theirs = await makeApiKey(db(), other.workspace.id, "OWNER");
    await callApi("POST", "/brands", { key: theirs.key, json: { name: "Theirs", timeZone: "UTC" } });

    const first = await callApi("GET", "/audit?limit=2", { key: admin.key });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.data).toHaveLength(2);
    expect(first.body.data[0]).toMatchObject({
      action: "brand.create",
      label: "Created a brand",
      group: "settings",
      actor: { kind: "apiKey", name: expect.any(String), clientName: null },
      brand: { name: "East", exists: true },
      ip: "198.51.100.42",
      userAgent: "integration-client/2.0",
    });
    expect(first.body.data[0].at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const second = await callApi(
      "GET",
      `/audit?limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`,
      {
        key: admin.key,
      },
    );
    expect(second.body.data.map((e: { brand: { name: string } }) => e.brand.name)).toEqual(["North"]);
    expect(second.body.nextCursor).toBeNull();

    const grouped = await callApi("GET", "/audit?group=access", { key: admin.key });
    expect(grouped.body.data).toEqual([]);
    const bad = await callApi("GET", "/audit?from=yesterday", { key: admin.key });
    expect(bad.status).toBe(422);
  });

  it("refuses an editor's key", async () => {
    const { workspace } = await makeWorkspace(db());
    const editor = await makeApiKey(db(), workspace.id, "EDITOR");
    const refused = await callApi("GET", "/audit", { key: editor.key });
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toContain("cannot read the audit log");
  });
});
