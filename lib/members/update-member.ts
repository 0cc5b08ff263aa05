import { z } from "zod";
import { recordAudit } from "@/lib/audit/record-audit";
import { assignableRoles, ROLES } from "@/lib/core/roles";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import type { WorkspaceContext } from "@/lib/workspaces/context";
import { assertOwnerRemains, manageableMembership } from "./membership-guards";
import { setMembershipBrands } from "./set-membership-brands";

export const updateMemberSchema = z.object({
  role: z.string().pipe(z.enum(ROLES, "Choose a role.")),
  /** Empty: every brand. */
  brandIds: z.array(z.string().min(1)).max(200).default([]),
});

export async function updateMember(
  db: Db,
  ctx: WorkspaceContext,
  membershipId: string,
  input: z.input<typeof updateMemberSchema>,
) {
  const { role, brandIds } = parseInput(updateMemberSchema, input);
  if (!assignableRoles(ctx.role).includes(role)) {
    throw new AppError(
      "FORBIDDEN",
      `Your role (${ctx.role.toLowerCase()}) cannot make someone ${role.toLowerCase()}.`,
    );
  }
  await db.$transaction(async (tx) => {
    const membership = await manageableMembership(tx, ctx, membershipId);
    if (role !== "OWNER") await assertOwnerRemains(tx, ctx, membership);
    // What it was, for the trail: a role or brand-limit change reads as from → to.
    const before = await tx.membershipBrand.findMany({
      where: { membershipId, workspaceId: ctx.workspaceId },
      select: { brandId: true },
    });
    const brands = await tx.brand.findMany({
      where: { workspaceId: ctx.workspaceId, id: { in: brandIds } },
      select: { id: true },
    });
    if (brands.length !== new Set(brandIds).size) {
      throw new AppError("NOT_FOUND", "One of the chosen brands does not exist in this workspace.");
    }
    await tx.membership.update({
      where: { id_workspaceId: { id: membershipId, workspaceId: ctx.workspaceId } },
      data: { role },
    });
    await setMembershipBrands(
      tx,
      { id: membershipId, workspaceId: ctx.workspaceId },
      brands.map((b) => b.id),
    );
    await recordAudit(tx, ctx, {
      action: "member.update",
      entityType: "Membership",
      entityId: membershipId,
      data: {
        role,
        brandIds,
        userId: membership.userId,
        before: { role: membership.role, brandIds: before.map((b) => b.brandId) },
      },
    });
  });
}
