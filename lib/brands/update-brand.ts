import { recordAudit } from "@/lib/audit/record-audit";
import type { Db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import { parseInput } from "@/lib/validation";
import { assertCan, type WorkspaceContext } from "@/lib/workspaces/context";
import { duplicateBrandName } from "./create-brand";
import { getBrand } from "./get-brand";
import { type BrandFields, brandColumns, brandFieldsSchema } from "./schemas";

/**
 * Renames a brand or changes its settings. Changing the zone keeps each scheduled story's
 * instant; stories remember the wall-clock time and zone they were planned in.
 */
export async function updateBrand(db: Db, ctx: WorkspaceContext, brandId: string, input: BrandFields) {
  assertCan(ctx, "brands:manage", "change brands");
  const fields = parseInput(brandFieldsSchema, input);
  const before = await getBrand(db, ctx, brandId);
  try {
    return await db.$transaction(async (tx) => {
      const brand = await tx.brand.update({
        where: { id_workspaceId: { id: before.id, workspaceId: ctx.workspaceId } },
        data: brandColumns(fields),
      });
      await recordAudit(tx, ctx, {
        action: "brand.update",
        entityType: "Brand",
        entityId: brand.id,
        data: { before: { name: before.name, timeZone: before.timeZone }, after: fields },
      });
      return brand;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateBrandName(fields.name);
    throw error;
  }
}
