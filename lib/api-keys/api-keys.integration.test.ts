import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { makeMember, makeWorkspace } from "@/prisma/factories";
import { expectAppError } from "@/test/assert/expect-app-error";
import { authenticateApiKey } from "./authenticate-api-key";
import { createApiKey, hashApiKey } from "./create-api-key";
import { createWorkspaceApiKey } from "./create-workspace-api-key";
import { listApiKeys } from "./list-api-keys";
import { revokeApiKey } from "./revoke-api-key";

describe("API keys", () => {
  it("are created once in settings, stored hashed, listed without secrets and revoked at once", async () => {
    const { ctx } = await makeWorkspace(db());
    const created = await createWorkspaceApiKey(db(), ctx, { name: "Zapier", role: "EDITOR" });
    expect(created.key).toMatch(/^sr_live_/);
    expect(created.key.startsWith(created.prefix)).toBe(true);
    const row = await db().apiKey.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.keyHash).toBe(hashApiKey(created.key));
    expect(JSON.stringify(await listApiKeys(db(), ctx))).not.toContain(created.key);

    const acting = await authenticateApiKey({ db: db() }, `Bearer ${created.key}`);
    expect(acting).toMatchObject({
      workspaceId: ctx.workspaceId,
      role: "EDITOR",
      apiKeyId: created.id,
      userId: null,
    });

    await revokeApiKey({ db: db() }, ctx, created.id);
    await expectAppError(authenticateApiKey({ db: db() }, `Bearer ${created.key}`), "UNAUTHENTICATED");
    const audit = await db().auditLog.findMany({
      where: { entityId: created.id },
      orderBy: { createdAt: "asc" },
    });
    expect(audit.map((a) => [a.action, a.actorUserId])).toEqual([
      ["apikey.create", ctx.userId],
      ["apikey.revoke", ctx.userId],
    ]);
  });

  it("cannot be created above the creator's role, by editors, or revoked from another workspace", async () => {
    const { ctx, workspace } = await makeWorkspace(db());
    const admin = await makeMember(db(), workspace, "ADMIN");
    const editor = await makeMember(db(), workspace, "EDITOR");
    await expectAppError(createWorkspaceApiKey(db(), admin, { name: "Root", role: "OWNER" }), "FORBIDDEN");
    await expectAppError(createWorkspaceApiKey(db(), editor, { name: "Mine", role: "VIEWER" }), "FORBIDDEN");
    const invalid = await expectAppError(
      createWorkspaceApiKey(db(), ctx, { name: " ", role: "EDITOR" }),
      "INVALID_INPUT",
    );
    expect(invalid.details.fields?.name).toBeDefined();
    expect(await db().apiKey.count({ where: { workspaceId: workspace.id } })).toBe(0);

    const key = await createWorkspaceApiKey(db(), admin, { name: "Ops", role: "ADMIN" });
    const other = await makeWorkspace(db());
    await expectAppError(revokeApiKey({ db: db() }, other.ctx, key.id), "NOT_FOUND");
    await expectAppError(revokeApiKey({ db: db() }, editor, key.id), "FORBIDDEN");
    expect((await db().apiKey.findUniqueOrThrow({ where: { id: key.id } })).revokedAt).toBeNull();
  });

  it("still come from the operator CLI", async () => {
    const { workspace } = await makeWorkspace(db());
    const created = await createApiKey(db(), { workspaceSlug: workspace.slug, role: "VIEWER" });
    await expect(authenticateApiKey({ db: db() }, `Bearer ${created.key}`)).resolves.toMatchObject({
      role: "VIEWER",
    });
  });
});
