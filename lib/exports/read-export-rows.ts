import type { Db } from "@/lib/db/client";
import { type ExportScope, type ExportTable, whereFor } from "./export-tables";

/** Rows per query: small enough that a page of long captions or audit details stays a few MB. */
const PAGE_ROWS = 500;

type Delegate = {
  findMany(args: object): Promise<Record<string, unknown>[]>;
  count(args: object): Promise<number>;
};

// The tables are data (export-tables.ts), so their Prisma delegates are looked up by name; a
// misspelt model fails the export's integration test at once.
function delegateOf(db: Db, table: ExportTable): Delegate {
  return (db as unknown as Record<string, Delegate>)[table.model] as Delegate;
}

export function countExportRows(db: Db, table: ExportTable, scope: ExportScope): Promise<number> {
  return delegateOf(db, table).count({ where: whereFor(table, scope) });
}

/**
 * A table's rows in a scope, page by page in key order (cursor pagination: each page starts
 * after the last key of the one before), each cut to the table's allow-listed columns in their
 * order. Only one page is held at a time, whatever the table's size.
 */
export async function* readExportRows(
  db: Db,
  table: ExportTable,
  scope: ExportScope,
): AsyncGenerator<Record<string, unknown>> {
  const where = whereFor(table, scope);
  const derived = new Set(table.derived ?? []);
  const select = {
    ...Object.fromEntries(table.columns.filter((c) => !derived.has(c)).map((c) => [c, true])),
    ...table.include,
  };
  let after: unknown;
  for (;;) {
    const page = await delegateOf(db, table).findMany({
      where: after === undefined ? where : { AND: [where, { [table.key]: { gt: after } }] },
      select,
      orderBy: { [table.key]: "asc" },
      take: PAGE_ROWS,
    });
    for (const raw of page) {
      const row = table.toRow ? table.toRow(raw) : raw;
      yield Object.fromEntries(table.columns.map((column) => [column, row[column] ?? null]));
    }
    if (page.length < PAGE_ROWS) return;
    after = page.at(-1)?.[table.key];
  }
}
