import { createHash } from "node:crypto";
import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { Readable, Transform } from "node:stream";
import { finished, pipeline } from "node:stream/promises";
import { ZipFile } from "yazl";
import type { Db } from "@/lib/db/client";
import { exportRow } from "@/lib/import/csv-format";
import { parseRenditions } from "@/lib/media/renditions";
import type { MediaStorage } from "@/lib/media/storage";
import { exportReadme } from "./export-readme";
import { EXPORT_TABLES, type ExportScope, type ExportTable, tablesFor } from "./export-tables";
import { countExportRows, readExportRows } from "./read-export-rows";

/** One media file in the archive, as manifest.json lists it. */
export type ManifestMediaFile = {
  path: string;
  assetId: string;
  /** `rendition`: the platform-ready file; `original`: the upload as received; `thumbnail`: the library's. */
  role: "rendition" | "original" | "thumbnail";
  sizeBytes: number;
  sha256: string;
};

export type ExportCounts = {
  tables: Record<string, number>;
  mediaFiles: number;
  mediaBytes: number;
  /** Files the database names but storage no longer has (listed in the manifest, not in the archive). */
  missingMediaFiles: number;
};

export type ArchiveDetails = {
  exportId: string;
  createdAt: Date;
  workspace: { id: string; name: string };
  brand: { id: string; name: string } | null;
};

type Progress = { done: number; total: number };

const MEDIA_TABLE = EXPORT_TABLES.find((t) => t.model === "mediaAsset") as ExportTable;

/**
 * Writes a data export's ZIP to `zipPath`, streamed end to end so memory stays flat whatever the
 * workspace's size: each table is read page by page (read-export-rows.ts) into data/<table>.json
 * while the same rows go to a scratch CSV file, which follows as data/<table>.csv (one read gives
 * both files the same rows); each media file streams from storage through a SHA-256 into
 * media/<assetId>/<role>.<ext>. README.txt comes first and manifest.json (counts, every media
 * file's size and hash) last. Entries are added one at a time, each once the one before has been
 * written, so only one source is open at once.
 *
 * Tables are read one after another, not in one database snapshot: a story scheduled during the
 * export may appear in stories and not yet in story_targets. The manifest says when it was made.
 */
export async function writeExportArchive(
  deps: { db: Db; storage: MediaStorage },
  scope: ExportScope,
  details: ArchiveDetails,
  files: { zipPath: string; scratchDir: string },
  onProgress: (progress: Progress) => Promise<void>,
): Promise<ExportCounts> {
  const tables = tablesFor(scope);
  const assets = await countExportRows(deps.db, MEDIA_TABLE, scope);
  const progress = { done: 0, total: tables.length + assets };
  await onProgress(progress);
  const archive = new ArchiveWriter(files.zipPath, details.createdAt);
  try {
    archive.addBuffer("README.txt", Buffer.from(exportReadme(details, tables)));
    const counts: ExportCounts = { tables: {}, mediaFiles: 0, mediaBytes: 0, missingMediaFiles: 0 };
    for (const table of tables) {
      counts.tables[table.name] = await writeTable(deps.db, archive, table, scope, files.scratchDir);
      progress.done++;
      await onProgress(progress);
    }
    const media: (
      | ManifestMediaFile
      | (Omit<ManifestMediaFile, "sha256" | "sizeBytes"> & { missing: true })
    )[] = [];
    for await (const asset of readExportRows(deps.db, MEDIA_TABLE, scope)) {
      for (const file of filesOf(asset)) {
        const source = await deps.storage.get(file.key);
        if (!source) {
          counts.missingMediaFiles++;
          media.push({ path: file.path, assetId: file.assetId, role: file.role, missing: true });
          continue;
        }
        const written = await archive.addHashed(file.path, Readable.fromWeb(source as never));
        counts.mediaFiles++;
        counts.mediaBytes += written.sizeBytes;
        media.push({ path: file.path, assetId: file.assetId, role: file.role, ...written });
      }
      progress.done++;
      await onProgress(progress);
    }
    const manifest = {
      format: "storyrelay-data-export",
      version: 1,
      exportId: details.exportId,
      createdAt: details.createdAt.toISOString(),
      workspace: details.workspace,
      brand: details.brand,
      counts,
      tables: Object.fromEntries(
        tables.map((t) => [
          t.name,
          {
            rows: counts.tables[t.name],
            files: [`data/${t.name}.json`, `data/${t.name}.csv`],
            columns: t.columns,
          },
        ]),
      ),
      media,
    };
    archive.addBuffer("manifest.json", Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
    await archive.close();
    return counts;
  } catch (error) {
    archive.abort();
    throw error;
  }
}

async function writeTable(
  db: Db,
  archive: ArchiveWriter,
  table: ExportTable,
  scope: ExportScope,
  scratchDir: string,
): Promise<number> {
  const csvPath = join(scratchDir, `${table.name}.csv`);
  const csv = createWriteStream(csvPath);
  let rows = 0;
  try {
    csv.write(exportRow([...table.columns]));
    async function* json(): AsyncGenerator<string> {
      yield "[";
      for await (const row of readExportRows(db, table, scope)) {
        if (!csv.write(exportRow(table.columns.map((c) => csvText(row[c]))))) await once(csv, "drain");
        yield `${rows === 0 ? "\n" : ",\n"}${JSON.stringify(row, jsonValue)}`;
        rows++;
      }
      yield "\n]\n";
    }
    await archive.add(`data/${table.name}.json`, Readable.from(json(), { objectMode: false }));
    csv.end();
    await finished(csv);
    await archive.add(`data/${table.name}.csv`, createReadStream(csvPath));
    return rows;
  } finally {
    csv.destroy();
    await rm(csvPath, { force: true });
  }
}

/** A media asset's stored files: the platform-ready one, the original upload and the thumbnail. */
function filesOf(asset: Record<string, unknown>) {
  const assetId = String(asset.id);
  const renditions = parseRenditions(asset.renditions);
  const candidates = [
    { role: "rendition" as const, key: String(asset.storageKey) },
    { role: "original" as const, key: renditions.original?.storageKey },
    { role: "thumbnail" as const, key: renditions.thumbnail?.storageKey },
  ];
  const seen = new Set<string>();
  return candidates.flatMap((c) => {
    if (!c.key || seen.has(c.key)) return [];
    seen.add(c.key);
    const extension = c.key.slice(c.key.lastIndexOf(".") + 1);
    return [{ assetId, role: c.role, key: c.key, path: `media/${assetId}/${c.role}.${extension}` }];
  });
}

/** A CSV cell: empty for null, ISO instants, JSON for lists and objects (stickers, details). */
function csvText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object") return JSON.stringify(value, jsonValue);
  return String(value);
}

// Sizes are BigInt columns; JSON has no BigInt, and a media file is far below 2^53 bytes.
function jsonValue(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? Number(value) : value;
}

/**
 * yazl's ZipFile writing to a file, one entry at a time: `add` resolves once the entry's source
 * has been read to its end into the archive, so the caller opens the next source only then.
 */
class ArchiveWriter {
  private readonly zip = new ZipFile();
  private readonly written: Promise<void>;

  constructor(
    path: string,
    private readonly mtime: Date,
  ) {
    this.written = pipeline(this.zip.outputStream, createWriteStream(path));
    // Awaited in close() and raced in add(); this keeps an early failure from going unhandled.
    this.written.catch(() => {});
  }

  addBuffer(name: string, bytes: Buffer): void {
    this.zip.addBuffer(bytes, name, { mtime: this.mtime });
  }

  /** A text entry (JSON, CSV): deflated. */
  async add(name: string, source: Readable): Promise<void> {
    this.zip.addReadStream(source, name, { mtime: this.mtime, compress: true });
    await this.untilRead(source);
  }

  /** A media file: stored as it is (JPEG and MP4 do not deflate), hashed as it passes. */
  async addHashed(name: string, source: Readable): Promise<{ sizeBytes: number; sha256: string }> {
    const hash = createHash("sha256");
    let sizeBytes = 0;
    const hasher = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        sizeBytes += chunk.byteLength;
        done(null, chunk);
      },
    });
    // A failing source (storage gone mid-file) destroys the hasher too, which fails this entry.
    pipeline(source, hasher).catch(() => {});
    this.zip.addReadStream(hasher, name, { mtime: this.mtime, compress: false });
    await this.untilRead(hasher);
    return { sizeBytes, sha256: hash.digest("hex") };
  }

  private async untilRead(source: Readable): Promise<void> {
    await Promise.race([
      finished(source),
      this.written.then(() => {
        throw new Error("The archive closed before all its entries were written.");
      }),
    ]);
  }

  async close(): Promise<void> {
    this.zip.end();
    await this.written;
  }

  abort(): void {
    (this.zip.outputStream as Readable).destroy();
  }
}
