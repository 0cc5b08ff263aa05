import { recordAudit } from "@/lib/audit/record-audit";
import type { Db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { assertCan, type WorkspaceContext } from "@/lib/workspaces/context";
import { type BrandFields, brandColumns, brandFieldsSchema } from "./schemas";

export function duplicateBrandName(name: string): AppError {
  return new AppError("CONFLICT", `A brand named "${name}" already exists in this workspace.`, {
    fields: { name: "A brand with this name already exists." },
  });
}

export async function createBrand(db: Db, ctx: WorkspaceContext, input: BrandFields) {
  assertCan(ctx, "brands:manage", "create brands");
  const fields = parseInput(brandFieldsSchema, input);
  try {
    return await db.$transaction(async (tx) => {
      const brand = await tx.brand.create({
        data: { workspaceId: ctx.workspaceId, ...brandColumns(fields) },
      });
      await recordAudit(tx, ctx, {
        action: "brand.create",
        entityType: "Brand",
        entityId: brand.id,
        data: { name: brand.name, timeZone: brand.timeZone },
      });
      return brand;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateBrandName(fields.name);
    throw error;
  }
}
