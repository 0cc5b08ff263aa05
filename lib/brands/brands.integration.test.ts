import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { makeBrand, makeMember, makeWorkspace } from "@/prisma/factories";
import { expectAppError } from "@/test/assert/expect-app-error";
import { createBrand } from "./create-brand";
import { getBrand } from "./get-brand";
import { listBrands } from "./list-brands";
import { updateBrand } from "./update-brand";

const berlin = { name: "Berlin Bakery", timeZone: "Europe/Berlin" };

describe("brands", () => {
  it("an owner creates a brand, and the change is audited", async () => {
    const { ctx } = await makeWorkspace(db());
    const brand = await createBrand(db(), ctx, {
      ...berlin,
      quietHoursStart: "22:00",
      quietHoursEnd: "07:00",
    });
    expect(brand).toMatchObject({
      workspaceId: ctx.workspaceId,
      timeZone: "Europe/Berlin",
      quietHoursStart: "22:00",
    });
    const audit = await db().auditLog.findFirstOrThrow({
      where: { workspaceId: ctx.workspaceId, entityId: brand.id },
    });
    expect(audit).toMatchObject({ action: "brand.create", actorUserId: ctx.userId });
  });

  it("refuses an unknown time zone by name and writes nothing", async () => {
    const { ctx } = await makeWorkspace(db());
    const error = await expectAppError(
      createBrand(db(), ctx, { name: "Olympus", timeZone: "Mars/Olympus_Mons" }),
      "INVALID_INPUT",
    );
    expect(error.details.fields?.timeZone).toMatch(/"Mars\/Olympus_Mons" is not a known IANA time zone/);
    expect(await db().brand.count({ where: { workspaceId: ctx.workspaceId } })).toBe(0);
  });

  it("refuses half-set quiet hours", async () => {
    const { ctx } = await makeWorkspace(db());
    const error = await expectAppError(
      createBrand(db(), ctx, { ...berlin, quietHoursStart: "22:00" }),
      "INVALID_INPUT",
    );
    expect(error.details.fields?.quietHoursEnd).toMatch(/both/);
  });

  it("refuses a duplicate name in the same workspace but allows it in another", async () => {
    const first = await makeWorkspace(db());
    const second = await makeWorkspace(db());
    await createBrand(db(), first.ctx, berlin);
    await expectAppError(createBrand(db(), first.ctx, berlin), "CONFLICT");
    await expect(createBrand(db(), second.ctx, berlin)).resolves.toMatchObject({ name: berlin.name });
  });

  it.each(["EDITOR", "APPROVER", "VIEWER"] as const)("refuses a %s on the server", async (role) => {
    const { workspace } = await makeWorkspace(db());
    const member = await makeMember(db(), workspace, role);
    await expectAppError(createBrand(db(), member, berlin), "FORBIDDEN");
    expect(await db().brand.count({ where: { workspaceId: workspace.id } })).toBe(0);
  });

  it("another workspace's brand is not found, for reading and for writing", async () => {
    const mine = await makeWorkspace(db());
    const theirs = await makeWorkspace(db());
    const theirBrand = await makeBrand(db(), theirs.workspace.id, { name: "Theirs" });
    await expectAppError(getBrand(db(), mine.ctx, theirBrand.id), "NOT_FOUND");
    await expectAppError(
      updateBrand(db(), mine.ctx, theirBrand.id, { ...berlin, name: "Hijacked" }),
      "NOT_FOUND",
    );
    expect((await db().brand.findUniqueOrThrow({ where: { id: theirBrand.id } })).name).toBe("Theirs");
  });

  it("a member limited to one brand sees only that brand", async () => {
    const { workspace, ctx } = await makeWorkspace(db());
    const visible = await makeBrand(db(), workspace.id, { name: "Client A" });
    const hidden = await makeBrand(db(), workspace.id, { name: "Client B" });
    const client = await makeMember(db(), workspace, "APPROVER", { brandIds: [visible.id] });
    expect((await listBrands(db(), client)).map((b) => b.name)).toEqual(["Client A"]);
    await expectAppError(getBrand(db(), client, hidden.id), "NOT_FOUND");
    expect((await listBrands(db(), ctx)).map((b) => b.name)).toEqual(["Client A", "Client B"]);
  });

  it("renames a brand and changes its zone", async () => {
    const { ctx } = await makeWorkspace(db());
    const brand = await createBrand(db(), ctx, berlin);
    const updated = await updateBrand(db(), ctx, brand.id, {
      name: "Bakery NYC",
      timeZone: "America/New_York",
    });
    expect(updated).toMatchObject({ name: "Bakery NYC", timeZone: "America/New_York" });
  });
});
