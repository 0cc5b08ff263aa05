import { notFound } from "next/navigation";
import { ActionButtonForm } from "@/app/_components/action-button";
import { ConfirmPasswordForm } from "@/app/_components/confirm-password-form";
import { LocalTime } from "@/app/_components/local-time";
import Link from "@/app/_components/ui/link";
import { passwordIsFresh } from "@/app/_lib/session";
import { requireAgencyWorkspace } from "@/app/_lib/workspace";
import { listBrands } from "@/lib/brands/list-brands";
import { can } from "@/lib/core/roles";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import type { DataExportView } from "@/lib/exports/export-view";
import { listDataExports } from "@/lib/exports/list-data-exports";
import { RefreshWhileProcessing } from "../../media/refresh-while-processing";
import { deleteDataExportAction, startDataExportAction } from "./actions";
import { StartExportForm } from "./start-export-form";

export const metadata = { title: "Export data" };

const STATUS_LABELS: Record<DataExportView["status"], string> = {
  QUEUED: "Waiting for a worker…",
  RUNNING: "Building…",
  DONE: "Ready to download",
  FAILED: "Failed",
  EXPIRED: "Expired",
};

const bytes = (n: number) =>
  n >= 1024 ** 3
    ? `${(n / 1024 ** 3).toFixed(1)} GB`
    : n >= 1024 ** 2
      ? `${(n / 1024 ** 2).toFixed(1)} MB`
      : `${Math.max(1, Math.round(n / 1024))} KB`;

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Settings → Export data: start a ZIP of the workspace or a brand, follow it, download or delete it. */
export default async function ExportDataPage({ params }: { params: Promise<{ slug: string }> }) {
  const ctx = await requireAgencyWorkspace((await params).slug);
  if (!can(ctx.role, "data:export")) notFound();
  const config = env();
  const [brands, exports, fresh] = await Promise.all([
    listBrands(db(), ctx),
    listDataExports(
      { db: db(), signing: { baseUrl: config.PUBLIC_BASE_URL, authSecret: config.AUTH_SECRET } },
      ctx,
    ),
    passwordIsFresh(),
  ]);
  const running = exports.some((e) => e.status === "QUEUED" || e.status === "RUNNING");
  return (
    <section className="flex flex-col gap-6">
      <RefreshWhileProcessing active={running} />
      <div>
        <p className="text-sm">
          <Link href={`/w/${ctx.workspaceSlug}/settings`} className="text-brand-700 underline">
            Settings
          </Link>
        </p>
        <h1 className="text-2xl font-semibold">Export data</h1>
      </div>
      <p className="max-w-2xl text-sm text-zinc-700">
        A ZIP of the stories, schedules, publish history, media files (as uploaded and as published),
        insights, inbox and audit log, as JSON and CSV with a README. Tokens, passwords and other secrets are
        never included. The download link works for 24 hours; anyone holding it can download the file, so
        share it only with whoever should have the data.
      </p>
      {fresh ? null : <ConfirmPasswordForm doing="export data" />}
      <StartExportForm
        action={startDataExportAction.bind(null, ctx.workspaceSlug)}
        brands={brands.map((b) => ({ id: b.id, name: b.name }))}
        canExportWorkspace={ctx.brandIds === null}
      />
      <h2 className="text-lg font-semibold">Exports</h2>
      {exports.length === 0 ? (
        <p className="text-sm text-zinc-600">No exports yet.</p>
      ) : (
        <ul className="flex flex-col gap-3" data-testid="export-list">
          {exports.map((item) => (
            <li
              key={item.id}
              data-testid="export-item"
              className="flex flex-col gap-2 rounded-lg border border-zinc-200 bg-white p-4"
            >
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <p className="font-medium">
                  {item.brandId ? `Brand: ${item.brandName ?? "a deleted brand"}` : "Whole workspace"}
                </p>
                <p className="text-sm text-zinc-600">
                  Started <LocalTime instant={item.createdAt.toISOString()} />
                </p>
              </div>
              <p role="status" className="text-sm font-medium" data-testid="export-status">
                {STATUS_LABELS[item.status]}
              </p>
              {item.status === "QUEUED" || item.status === "RUNNING" ? (
                <>
                  <progress
                    className="h-3 w-full"
                    max={Math.max(item.progress.total, 1)}
                    value={item.progress.done}
                    aria-label="Export progress"
                  />
                  <p className="text-sm text-zinc-700" data-testid="export-progress">
                    {item.progress.total > 0
                      ? `${item.progress.done} of ${item.progress.total} tables and media files`
                      : "Counting what to export…"}
                  </p>
                </>
              ) : null}
              {item.status === "DONE" && item.counts ? (
                <p className="text-sm text-zinc-700" data-testid="export-summary">
                  {bytes(item.sizeBytes ?? 0)} · {count(item.counts.tables.stories ?? 0, "story", "stories")}{" "}
                  · {count(item.counts.mediaFiles, "media file", "media files")}
                  {item.counts.missingMediaFiles > 0
                    ? ` · ${item.counts.missingMediaFiles} files missing from storage`
                    : ""}
                  {item.expiresAt ? (
                    <>
                      {" "}
                      · link valid until <LocalTime instant={item.expiresAt.toISOString()} />
                    </>
                  ) : null}
                </p>
              ) : null}
              {item.status === "EXPIRED" ? (
                <p className="text-sm text-zinc-700">
                  Its 24 hours are over and it will be deleted soon. Start a new export.
                </p>
              ) : null}
              {item.error ? (
                <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
                  {item.error}
                </p>
              ) : null}
              <div className="flex flex-wrap items-start gap-3">
                {item.downloadUrl ? (
                  <a
                    href={item.downloadUrl}
                    download
                    data-testid="export-download"
                    className="rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700"
                  >
                    Download ZIP
                  </a>
                ) : null}
                <ActionButtonForm
                  action={deleteDataExportAction.bind(null, ctx.workspaceSlug, item.id)}
                  label="Delete"
                  pendingLabel="Deleting…"
                  className="rounded-md border border-zinc-300 px-3 py-2 text-sm hover:bg-zinc-50"
                  confirm={{
                    title: "Delete this export?",
                    description: "Its download link stops working at once and the file is removed.",
                    confirmLabel: "Delete export",
                    destructive: true,
                  }}
                />
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
