import { messageOf } from "@/lib/errors";
import type { HardDeleteDeps } from "./deletion-deps";
import { hardDeleteAccount } from "./hard-delete-account";
import { hardDeleteBrand } from "./hard-delete-brand";
import { hardDeleteWorkspace } from "./hard-delete-workspace";

export type DeletionSweepReport = { brands: number; workspaces: number; accounts: number; failed: number };

const BATCH = 20;

/**
 * The periodic sweep's deletion part: whatever's grace period is over is deleted for good, brands
 * first, then workspaces, then accounts. One failure is logged and the rest go on; the failed one
 * is still due, so the next sweep resumes it (each hard delete is idempotent).
 */
export async function runDeletionSweep(deps: HardDeleteDeps): Promise<DeletionSweepReport> {
  const now = deps.now();
  const report: DeletionSweepReport = { brands: 0, workspaces: 0, accounts: 0, failed: 0 };
  const attempt = async (what: string, id: string, run: () => Promise<{ status: string }>) => {
    try {
      return (await run()).status === "deleted";
    } catch (error) {
      report.failed += 1;
      deps.logger.warn(
        { [what]: id, reason: messageOf(error) },
        "deletion failed; the next sweep resumes it",
      );
      return false;
    }
  };
  const brands = await deps.db.brand.findMany({
    where: { deleteAfter: { lte: now } },
    select: { id: true, workspaceId: true },
    orderBy: { deleteAfter: "asc" },
    take: BATCH,
  });
  for (const b of brands)
    if (
      await attempt("brandId", b.id, () =>
        hardDeleteBrand(deps, { workspaceId: b.workspaceId, brandId: b.id }),
      )
    )
      report.brands += 1;
  const workspaces = await deps.db.workspace.findMany({
    where: { deleteAfter: { lte: now } },
    select: { id: true },
    orderBy: { deleteAfter: "asc" },
    take: BATCH,
  });
  for (const w of workspaces)
    if (await attempt("workspaceId", w.id, () => hardDeleteWorkspace(deps, { workspaceId: w.id })))
      report.workspaces += 1;
  const users = await deps.db.user.findMany({
    where: { deleteAfter: { lte: now } },
    select: { id: true },
    orderBy: { deleteAfter: "asc" },
    take: BATCH,
  });
  for (const u of users)
    if (await attempt("userId", u.id, () => hardDeleteAccount(deps, { userId: u.id }))) report.accounts += 1;
  return report;
}
