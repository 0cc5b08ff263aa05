import type { DbOrTx } from "@/lib/db/client";

/**
 * Replaces the brands a membership is limited to; an empty list means every brand. The rows are
 * written directly (not nested under the membership) because their composite foreign keys carry
 * workspaceId, which a nested create cannot set.
 */
export async function setMembershipBrands(
  tx: DbOrTx,
  membership: { id: string; workspaceId: string },
  brandIds: string[],
): Promise<void> {
  await tx.membershipBrand.deleteMany({
    where: { membershipId: membership.id, workspaceId: membership.workspaceId },
  });
  await tx.membershipBrand.createMany({
    data: brandIds.map((brandId) => ({
      membershipId: membership.id,
      workspaceId: membership.workspaceId,
      brandId,
    })),
  });
  await tx.membership.update({
    where: { id_workspaceId: { id: membership.id, workspaceId: membership.workspaceId } },
    data: { limitedToBrands: brandIds.length > 0 },
  });
}
