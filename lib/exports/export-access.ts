import { AppError } from "@/lib/errors";
import { assertCan, canSeeBrand, type WorkspaceContext } from "@/lib/workspaces/context";

/**
 * Who may export what: owners and admins (`data:export`); a whole-workspace export only for one
 * who sees every brand, a brand's only for one who sees that brand. Checked when an export starts,
 * again when the worker builds it (with the rights as they are then), and for each export shown.
 */
export function assertCanExport(ctx: WorkspaceContext, brandId: string | null): void {
  assertCan(ctx, "data:export", "export data");
  if (brandId === null && ctx.brandIds !== null)
    throw new AppError(
      "FORBIDDEN",
      "You see only some brands, so you cannot export the whole workspace: export one of your brands.",
    );
  if (brandId !== null && !canSeeBrand(ctx, brandId))
    throw new AppError("NOT_FOUND", "This brand does not exist or you cannot see it. Choose one of yours.");
}

/** Whether the caller may see this export in the list (the same rule, without the refusal). */
export function canSeeExport(ctx: WorkspaceContext, brandId: string | null): boolean {
  return brandId === null ? ctx.brandIds === null : canSeeBrand(ctx, brandId);
}
