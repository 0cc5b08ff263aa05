"use server";

import type { ActionState } from "@/app/_lib/action-state";
import { workspaceAction } from "@/app/_lib/server-action";
import { AppError } from "@/lib/errors";
import { dryRunPlan } from "@/lib/import/dry-run-plan";
import { startPlanImport } from "@/lib/import/start-plan-import";
import { enqueuePlanImport } from "@/lib/queue/plan-import-queue";

/** The form's file, as the use cases take it; anything else is refused beside the file field. */
async function planFile(formData: FormData): Promise<{ name: string; bytes: Uint8Array<ArrayBuffer> }> {
  const file = formData.get("file");
  if (!(file instanceof File) || file.size === 0) {
    const message = "Choose the plan CSV first (start from the template).";
    throw new AppError("INVALID_INPUT", message, { fields: { file: message } });
  }
  return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
}

/** The dry run's report, handed back as JSON (form state carries strings). */
const reportData = (report: Awaited<ReturnType<typeof dryRunPlan>>) => ({
  report: JSON.stringify({
    rows: report.rows,
    stories: report.stories.length,
    problems: report.problems,
  }),
});

export async function dryRunPlanAction(
  slug: string,
  brandId: string,
  _prev: ActionState,
  formData: FormData,
): Promise<ActionState> {
  return workspaceAction(slug, { args: { brandId }, form: formData }, async (ctx, deps) => {
    const file = await planFile(formData);
    const checkDeps = { ...deps, allowPrivateUrls: deps.env.ALLOW_PRIVATE_URLS };
    const report = await dryRunPlan(checkDeps, ctx, file.bytes, { brandId });
    const errors = report.problems.filter((p) => p.severity === "error").length;
    return {
      ok: errors === 0,
      message:
        errors === 0
          ? `The file is ready: ${report.stories.length} ${report.stories.length === 1 ? "story" : "stories"} to import.`
          : `${errors} ${errors === 1 ? "problem stops" : "problems stop"} the import: fix the rows below and check the file again.`,
      data: reportData(report),
    };
  });
}

export async function startPlanImportAction(
  slug: string,
  brandId: string,
  _prev: ActionState,
  formData: FormData,
): Promise<ActionState> {
  return workspaceAction(slug, { args: { brandId }, form: formData }, async (ctx, deps) => {
    const file = await planFile(formData);
    const started = await startPlanImport(
      {
        db: deps.db,
        logger: deps.logger,
        enqueue: (job) => enqueuePlanImport(job),
        scheduleHorizonDays: deps.scheduleHorizonDays,
        allowPrivateUrls: deps.env.ALLOW_PRIVATE_URLS,
      },
      ctx,
      { brandId, fileName: file.name, bytes: file.bytes },
    );
    if (started.status === "refused")
      return {
        ok: false,
        message:
          "The file has problems now (it changed, or time passed): fix the rows below and check it again.",
        data: reportData(started.report),
      };
    return { ok: true, message: `Importing ${started.rows} stories…`, data: { importId: started.importId } };
  });
}
