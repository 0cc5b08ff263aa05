"use server";

import { revalidatePath } from "next/cache";
import type { ActionState } from "@/app/_lib/action-state";
import { workspaceAction } from "@/app/_lib/server-action";
import { requireFreshPassword } from "@/app/_lib/session";
import { deleteDataExport } from "@/lib/exports/delete-data-export";
import { startDataExport } from "@/lib/exports/start-data-export";
import { enqueueDataExport } from "@/lib/queue/data-export-queue";

/** Starts an export of the workspace ("workspace") or of one brand (its id), after a fresh password. */
export async function startDataExportAction(slug: string, _prev: ActionState, formData: FormData) {
  return workspaceAction(slug, { form: formData }, async (ctx, deps) => {
    await requireFreshPassword("export data");
    const scope = String(formData.get("scope") ?? "");
    const started = await startDataExport(
      {
        db: deps.db,
        logger: deps.logger,
        enqueue: (job) => enqueueDataExport(job),
        signing: { baseUrl: deps.env.PUBLIC_BASE_URL, authSecret: deps.env.AUTH_SECRET },
      },
      ctx,
      { brandId: scope === "workspace" ? null : scope },
    );
    revalidatePath(`/w/${slug}/settings/export`);
    return {
      ok: true,
      message: `Export of ${started.brandName ?? "the whole workspace"} started: it shows below as it is built.`,
    };
  });
}

/** Deletes an export: its link stops working at once and its file is removed. */
export async function deleteDataExportAction(
  slug: string,
  exportId: string,
  _prev: ActionState,
  formData: FormData,
) {
  return workspaceAction(slug, { form: formData, args: { exportId } }, async (ctx, deps) => {
    await deleteDataExport(deps, ctx, { exportId });
    revalidatePath(`/w/${slug}/settings/export`);
    return { ok: true, message: "Export deleted: its download link no longer works." };
  });
}
