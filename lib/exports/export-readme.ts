import type { ExportTable } from "./export-tables";

/** README.txt of a data export: what the archive is and what each file holds. */
export function exportReadme(
  details: {
    exportId: string;
    createdAt: Date;
    workspace: { name: string };
    brand: { name: string } | null;
  },
  tables: readonly ExportTable[],
): string {
  const what = details.brand
    ? `the brand "${details.brand.name}" of the workspace "${details.workspace.name}"`
    : `the whole workspace "${details.workspace.name}"`;
  return [
    "StoryRelay data export",
    "======================",
    "",
    `This archive holds the data of ${what}, as it was at ${details.createdAt.toISOString()} (UTC).`,
    `Export id: ${details.exportId}`,
    "",
    "Files",
    "-----",
    "README.txt     this file",
    "manifest.json  what the archive holds: rows per table, each table's columns, and every media",
    "               file with its size and SHA-256 (files storage no longer had are marked missing)",
    "data/          one table per pair of files: <table>.json (an array of objects, exact values) and",
    "               <table>.csv (the same rows; a cell that starts with = + - @ is prefixed with '",
    "               so spreadsheets show it as text, not a formula)",
    "media/         media/<media id>/rendition.<ext>: the file as published (fitted to 9:16),",
    "               original.<ext>: the upload as received, thumbnail.jpg: the library's preview",
    "",
    "Tables",
    "------",
    ...tables.map((t) => `${t.name.padEnd(20)} ${t.about}`),
    "",
    "Ids link the tables: stories.brandId is brands.id, story_frames.mediaAssetId is",
    "media_assets.id (and the folder under media/), and so on. Instants are ISO 8601 in UTC.",
    "",
    "Never included: channel tokens, API keys, webhook and chat secrets, passwords, two-factor",
    "secrets and recovery codes, sign-in sessions, invite and calendar-feed tokens.",
    "",
  ].join("\n");
}
