import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { makeMember, makeWorkspace } from "@/prisma/factories";
import { recordAudit } from "./record-audit";

// The trail is append-only in the database itself (prisma/migrations/20261206010000_audit_trail):
// whatever code runs, an entry cannot be changed or removed, except by the two cascades the schema
// declares — the workspace's deletion and a user's (actorUserId set to null).

const REFUSED = /append-only/;

async function entryOf(ctx: Parameters<typeof recordAudit>[1], action = "brand.create") {
  await db().$transaction((tx) =>
    recordAudit(tx, ctx, { action, entityType: "Workspace", entityId: ctx.workspaceId, data: { n: 1 } }),
  );
  return db().auditLog.findFirstOrThrow({
    where: { workspaceId: ctx.workspaceId, action },
    orderBy: { createdAt: "desc" },
  });
}

describe("the audit trail is append-only", () => {
  it("refuses an UPDATE of any column and a DELETE, through Prisma and raw SQL", async () => {
    const { ctx } = await makeWorkspace(db());
    const entry = await entryOf(ctx);

    await expect(db().auditLog.update({ where: { id: entry.id }, data: { action: "x" } })).rejects.toThrow(
      REFUSED,
    );
    await expect(
      db().$executeRaw`UPDATE "AuditLog" SET "ip" = '10.0.0.1' WHERE "id" = ${entry.id}`,
    ).rejects.toThrow(REFUSED);
    await expect(db().auditLog.updateMany({ where: { id: entry.id }, data: { data: {} } })).rejects.toThrow(
      REFUSED,
    );
    // Clearing the actor while that person's account still exists is not the cascade: refused.
    await expect(
      db().$executeRaw`UPDATE "AuditLog" SET "actorUserId" = NULL WHERE "id" = ${entry.id}`,
    ).rejects.toThrow(REFUSED);
    await expect(db().auditLog.delete({ where: { id: entry.id } })).rejects.toThrow(REFUSED);
    await expect(db().$executeRaw`DELETE FROM "AuditLog" WHERE "id" = ${entry.id}`).rejects.toThrow(REFUSED);

    expect(await db().auditLog.findUniqueOrThrow({ where: { id: entry.id } })).toEqual(entry);
  });

  it("refuses a TRUNCATE", async () => {
    const { ctx } = await makeWorkspace(db());
    const entry = await entryOf(ctx);
    let refusal: unknown = null;
    // Inside a transaction rolled back whatever happens: if the trigger were missing, this test
    // database's other entries must not go with it.
    await db()
      .$transaction(async (tx) => {
        refusal = await tx.$executeRawUnsafe(`TRUNCATE "AuditLog" CASCADE`).then(
          () => null,
          (error: unknown) => error,
        );
        throw new Error("roll back");
      })
      .catch(() => undefined);
    expect(String(refusal)).toMatch(REFUSED);
    expect(await db().auditLog.findUnique({ where: { id: entry.id } })).not.toBeNull();
  });

  it("lets a user's deletion clear actorUserId and nothing else", async () => {
    const { workspace, ctx } = await makeWorkspace(db());
    const member = await makeMember(db(), workspace, "EDITOR");
    const entry = await entryOf({ ...member, origin: { ip: "203.0.113.7", userAgent: "Firefox" } });
    const ownerEntry = await entryOf(ctx, "workspace.rename");
    expect(entry.actorUserId).toBe(member.userId);

    await db().user.delete({ where: { id: member.userId as string } });

    const after = await db().auditLog.findUniqueOrThrow({ where: { id: entry.id } });
    expect(after).toEqual({ ...entry, actorUserId: null });
    // Still append-only afterwards: the entry with its actor gone cannot be edited either.
    await expect(db().auditLog.update({ where: { id: entry.id }, data: { action: "x" } })).rejects.toThrow(
      REFUSED,
    );
    // The owner's own entries are untouched.
    expect(await db().auditLog.findUniqueOrThrow({ where: { id: ownerEntry.id } })).toEqual(ownerEntry);
  });

  it("lets the workspace's deletion take its entries, and only its own", async () => {
    const { ctx } = await makeWorkspace(db());
    const other = await makeWorkspace(db());
    await entryOf(ctx);
    const kept = await entryOf(other.ctx);

    await db().workspace.delete({ where: { id: ctx.workspaceId } });

    expect(await db().auditLog.count({ where: { workspaceId: ctx.workspaceId } })).toBe(0);
    expect(await db().auditLog.findUnique({ where: { id: kept.id } })).toEqual(kept);
  });
});
