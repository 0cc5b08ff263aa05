import { z } from "zod";
import { exportDownloadUrl } from "./export-token";

/** How a download link is signed: PUBLIC_BASE_URL and AUTH_SECRET, passed in by the edge. */
export type DownloadSigning = { baseUrl: string; authSecret: string };

export type DataExportStatus = "QUEUED" | "RUNNING" | "DONE" | "FAILED" | "EXPIRED";

export type DataExportView = {
  id: string;
  /** Null: the whole workspace. */
  brandId: string | null;
  brandName: string | null;
  /** EXPIRED: done, but its 24 hours are over (the sweep deletes it soon). */
  status: DataExportStatus;
  progress: { done: number; total: number };
  counts: ExportCountsView | null;
  sizeBytes: number | null;
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
  expiresAt: Date | null;
  /** The signed link, while the export is DONE and not expired. */
  downloadUrl: string | null;
};

const countsSchema = z.object({
  tables: z.record(z.string(), z.number()),
  mediaFiles: z.number(),
  mediaBytes: z.number(),
  missingMediaFiles: z.number(),
});
export type ExportCountsView = z.infer<typeof countsSchema>;

/** The columns a view is made from. */
export const exportViewSelect = {
  id: true,
  brandId: true,
  status: true,
  itemsDone: true,
  itemsTotal: true,
  counts: true,
  sizeBytes: true,
  error: true,
  createdAt: true,
  finishedAt: true,
  expiresAt: true,
} as const;

type ExportRow = {
  id: string;
  brandId: string | null;
  status: "QUEUED" | "RUNNING" | "DONE" | "FAILED";
  itemsDone: number;
  itemsTotal: number;
  counts: unknown;
  sizeBytes: bigint | null;
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
  expiresAt: Date | null;
};

export function toExportView(
  row: ExportRow,
  brandName: string | null,
  signing: DownloadSigning,
  now: Date,
): DataExportView {
  const expired = row.status === "DONE" && (!row.expiresAt || row.expiresAt.getTime() <= now.getTime());
  const counts = countsSchema.safeParse(row.counts);
  return {
    id: row.id,
    brandId: row.brandId,
    brandName,
    status: expired ? "EXPIRED" : row.status,
    progress: { done: row.itemsDone, total: row.itemsTotal },
    counts: counts.success ? counts.data : null,
    sizeBytes: row.sizeBytes === null ? null : Number(row.sizeBytes),
    error: row.error,
    createdAt: row.createdAt,
    finishedAt: row.finishedAt,
    expiresAt: row.expiresAt,
    downloadUrl:
      row.status === "DONE" && !expired && row.expiresAt
        ? exportDownloadUrl(signing, { id: row.id, expiresAt: row.expiresAt })
        : null,
  };
}
