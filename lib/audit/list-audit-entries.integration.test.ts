import { describe, expect, it } from "vitest";
import { createWorkspaceApiKey } from "@/lib/api-keys/create-workspace-api-key";
import { createBrand } from "@/lib/brands/create-brand";
import { updateBrand } from "@/lib/brands/update-brand";
import { db } from "@/lib/db/client";
import { exportRow } from "@/lib/import/csv-format";
import type { WorkspaceContext } from "@/lib/workspaces/context";
import { renameWorkspace } from "@/lib/workspaces/rename-workspace";
import { makeMember, makeReviewLink, makeWorkspace } from "@/prisma/factories";
import { expectAppError } from "@/test/assert/expect-app-error";
import { AUDIT_CSV_COLUMNS, auditCsvCells } from "./audit-csv";
import { listAuditActors } from "./list-audit-actors";
import { type AuditFilters, listAuditEntries } from "./list-audit-entries";
import { recordAudit } from "./record-audit";

// The audit page's read model: owners and admins only, newest first in cursor pages, filtered by
// who, what, brand and UTC days, each entry named as a person reads it, and never another
// workspace's entry.

const ORIGIN = { ip: "203.0.113.5", userAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) Firefox/140.0" };

async function allPages(ctx: WorkspaceContext, filters: AuditFilters, limit: number) {
  const seen = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = await listAuditEntries(db(), ctx, filters, { cursor, limit });
    seen.push(...page.entries);
    cursor = page.nextCursor;
    pages++;
  } while (cursor && pages < 50);
  return { entries: seen, pages };
}

async function setup() {
  const { workspace, ctx: plain, ownerId } = await makeWorkspace(db());
  const owner = { ...plain, origin: ORIGIN };
  const admin = { ...(await makeMember(db(), workspace, "ADMIN")), origin: ORIGIN };
  const editor = await makeMember(db(), workspace, "EDITOR");
  const harbour = await createBrand(db(), owner, { name: "Harbour", timeZone: "Europe/Lisbon" });
  const hill = await createBrand(db(), owner, {
    name: '=HYPERLINK("http://evil.test")',
    timeZone: "Europe/Paris",
  });
  await updateBrand(db(), admin, harbour.id, { name: "Harbour Café", timeZone: "Europe/Lisbon" });
  await renameWorkspace(db(), admin, "Renamed");
  const key = await createWorkspaceApiKey(db(), owner, { name: "Zapier", role: "ADMIN" });
  const link = await makeReviewLink(db(), harbour);
  // One transaction each: entries of one transaction share its clock (now()), and this test is about order.
  await db().$transaction((tx) =>
    recordAudit(
      tx,
      {
        workspaceId: workspace.id,
        userId: null,
        apiKeyId: key.id,
        origin: { ip: null, userAgent: "curl/8.5.0" },
      },
      { action: "brand.update", entityType: "Brand", entityId: hill.id },
    ),
  );
  await db().$transaction((tx) =>
    recordAudit(
      tx,
      { workspaceId: workspace.id, userId: null, apiKeyId: null, reviewLinkId: link.id, origin: ORIGIN },
      {
        action: "story.client_comment",
        entityType: "Story",
        entityId: "gone",
        brandId: harbour.id,
        data: { name: "Carla" },
      },
    ),
  );
  await db().$transaction((tx) =>
    recordAudit(tx, owner, { action: "something.new", entityType: "Thing", entityId: "t1" }),
  );
  return { workspace, owner, admin, editor, ownerId, harbour, hill, key, link };
}

describe("listAuditEntries", () => {
  it("pages newest first through every entry, each named for a person", async () => {
    const s = await setup();
    const whole = await listAuditEntries(db(), s.owner, {}, { limit: 100 });
    expect(whole.nextCursor).toBeNull();
    expect(whole.entries.map((e) => e.action)).toEqual([
      "something.new",
      "story.client_comment",
      "brand.update",
      "apikey.create",
      "workspace.rename",
      "brand.update",
      "brand.create",
      "brand.create",
    ]);
    const times = whole.entries.map((e) => e.at.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));

    const paged = await allPages(s.owner, {}, 3);
    expect(paged.pages).toBe(3);
    expect(paged.entries.map((e) => e.id)).toEqual(whole.entries.map((e) => e.id));

    const [unknown, client, byKey, , , byAdmin] = whole.entries;
    expect(unknown).toMatchObject({ label: "something.new", group: "other", actor: { kind: "member" } });
    expect(client).toMatchObject({
      label: "Client commented",
      actor: { kind: "reviewLink", id: s.link.id, name: "Client review", clientName: "Carla" },
      brand: { id: s.harbour.id, name: "Harbour Café", exists: true },
      story: { id: "gone", name: "a deleted story", exists: false },
      ip: ORIGIN.ip,
      shortUserAgent: "Firefox on macOS",
    });
    expect(byKey).toMatchObject({
      actor: { kind: "apiKey", name: "Zapier" },
      ip: null,
      shortUserAgent: "curl",
    });
    expect(byAdmin).toMatchObject({
      label: "Changed a brand's settings",
      actor: { kind: "member", id: s.admin.userId },
      brand: { id: s.harbour.id, exists: true },
    });
  });

  it("filters by who, what, brand and UTC days", async () => {
    const s = await setup();
    const actions = async (filters: AuditFilters) =>
      (await listAuditEntries(db(), s.owner, filters)).entries.map((e) => e.action);

    expect(await actions({ actor: `user:${s.admin.userId}` })).toEqual(["workspace.rename", "brand.update"]);
    expect(await actions({ actor: `apikey:${s.key.id}` })).toEqual(["brand.update"]);
    expect(await actions({ actor: `link:${s.link.id}` })).toEqual(["story.client_comment"]);
    expect(await actions({ group: "api" })).toEqual(["apikey.create"]);
    expect(await actions({ group: "other" })).toEqual(["something.new"]);
    expect(await actions({ brandId: s.hill.id })).toEqual(["brand.update", "brand.create"]);
    expect(await actions({ brandId: s.harbour.id, group: "settings" })).toEqual([
      "brand.update",
      "brand.create",
    ]);

    // Entries at 23:30 and 00:30 UTC either side of midnight: the day is the UTC day.
    for (const at of ["2026-01-10T23:30:00Z", "2026-01-11T00:30:00Z"]) {
      await db().auditLog.create({
        data: {
          workspaceId: s.workspace.id,
          actorUserId: s.ownerId,
          action: "brand.update",
          entityType: "Brand",
          entityId: s.hill.id,
          brandId: s.hill.id,
          createdAt: new Date(at),
        },
      });
    }
    const days = async (from: string, to: string) =>
      (await listAuditEntries(db(), s.owner, { from, to })).entries.map((e) => e.at.toISOString());
    expect(await days("2026-01-11", "2026-01-11")).toEqual(["2026-01-11T00:30:00.000Z"]);
    expect(await days("2026-01-10", "2026-01-11")).toHaveLength(2);
    expect(await days("2026-01-12", "2026-01-12")).toEqual([]);

    await expectAppError(listAuditEntries(db(), s.owner, { from: "2026-13-40" }), "INVALID_INPUT");
    await expectAppError(
      listAuditEntries(db(), s.owner, { from: "2026-01-12", to: "2026-01-11" }),
      "INVALID_INPUT",
    );
    await expectAppError(listAuditEntries(db(), s.owner, { group: "everything" }), "INVALID_INPUT");
    await expectAppError(listAuditEntries(db(), s.owner, { actor: "robot:1" }), "INVALID_INPUT");
    await expectAppError(listAuditEntries(db(), s.owner, {}, { cursor: "not-a-cursor" }), "INVALID_INPUT");
  });

  it("is for owners and admins, never shows another workspace's entries, and limits a brand-limited admin", async () => {
    const s = await setup();
    const other = await setup();
    await expectAppError(listAuditEntries(db(), s.editor, {}), "FORBIDDEN");
    await expectAppError(listAuditActors(db(), s.editor), "FORBIDDEN");
    const viewer = await makeMember(db(), s.workspace, "VIEWER");
    await expectAppError(listAuditEntries(db(), viewer, {}), "FORBIDDEN");

    const mine = await listAuditEntries(db(), s.admin, {}, { limit: 100 });
    expect(mine.entries).toHaveLength(8);
    const theirs = new Set(
      (await listAuditEntries(db(), other.owner, {}, { limit: 100 })).entries.map((e) => e.id),
    );
    expect(mine.entries.some((e) => theirs.has(e.id))).toBe(false);
    // Their brand, key or person as a filter: not found, or nothing.
    await expectAppError(listAuditEntries(db(), s.owner, { brandId: other.harbour.id }), "NOT_FOUND");
    expect((await listAuditEntries(db(), s.owner, { actor: `user:${other.ownerId}` })).entries).toEqual([]);
    expect((await listAuditEntries(db(), s.owner, { actor: `apikey:${other.key.id}` })).entries).toEqual([]);
    // Their cursor reads our entries after that point, never theirs.
    const theirPage = await listAuditEntries(db(), other.owner, {}, { limit: 1 });
    const after = await listAuditEntries(db(), s.owner, {}, { cursor: theirPage.nextCursor, limit: 100 });
    expect(after.entries.every((e) => !theirs.has(e.id))).toBe(true);

    const limited = await makeMember(db(), s.workspace, "ADMIN", { brandIds: [s.hill.id] });
    const seen = await listAuditEntries(db(), limited, {});
    expect(seen.entries.map((e) => e.brand?.id)).toEqual([s.hill.id, s.hill.id]);
    await expectAppError(listAuditEntries(db(), limited, { brandId: s.harbour.id }), "NOT_FOUND");

    expect((await listAuditActors(db(), s.owner)).map((a) => a.value).sort()).toEqual(
      [`user:${s.ownerId}`, `user:${s.admin.userId}`, `apikey:${s.key.id}`, `link:${s.link.id}`].sort(),
    );
  });

  it("shows a deleted person, brand and key by what they were", async () => {
    const s = await setup();
    await db().user.delete({ where: { id: s.admin.userId as string } });
    await db().apiKey.delete({ where: { id: s.key.id } });
    await db().brand.delete({ where: { id: s.hill.id } });
    const { entries } = await listAuditEntries(db(), s.owner, {}, { limit: 100 });
    expect(entries.find((e) => e.action === "workspace.rename")?.actor).toEqual({ kind: "deletedUser" });
    expect(entries.find((e) => e.actor.kind === "apiKey")?.actor).toMatchObject({ name: "a deleted key" });
    expect(entries.find((e) => e.brand?.id === s.hill.id)?.brand).toMatchObject({ exists: false });
  });

  it("writes CSV rows with formula-looking cells made text", async () => {
    const s = await setup();
    const { entries } = await listAuditEntries(db(), s.owner, { brandId: s.hill.id, group: "settings" });
    const created = entries.find((e) => e.action === "brand.create");
    if (!created) throw new Error("no brand.create entry");
    const cells = auditCsvCells(created);
    expect(cells).toHaveLength(AUDIT_CSV_COLUMNS.length);
    const row = exportRow(cells);
    expect(row).toContain(`"'=HYPERLINK(""http://evil.test"")"`);
    expect(row).toContain(ORIGIN.userAgent);
    expect(row.startsWith(created.at.toISOString())).toBe(true);
  });
});
