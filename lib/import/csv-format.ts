import { parse } from "csv-parse/sync";

/**
 * The plan CSV: one story a row. The columns, in the template's order; the header row names them
 * (any order, any case). Lists inside a cell (channels, frames, stickers) are separated by ";"
 * because "," is the CSV separator most spreadsheets write.
 */
export const PLAN_COLUMNS = [
  "brand",
  "channels",
  "date",
  "time",
  "zone",
  "frames",
  "whatsapp_caption",
  "stickers",
  "title",
] as const;

export type PlanColumn = (typeof PLAN_COLUMNS)[number];

/** Columns a row may leave empty (zone: the brand's; stickers, caption, title: none). */
const OPTIONAL: ReadonlySet<PlanColumn> = new Set(["zone", "whatsapp_caption", "stickers", "title"]);

export const LIST_SEPARATOR = ";";

/** A row as read: its spreadsheet row number (the header is row 1) and its trimmed cells by column. */
export type PlanRow = { row: number; cells: Record<PlanColumn, string> };

/** One thing wrong with the file or a row; row 1 is the header, row 0 the file as a whole. */
export type PlanProblem = {
  row: number;
  column: PlanColumn | null;
  severity: "error" | "warning";
  problem: string;
  fix: string;
};

export type ReadPlan = { rows: PlanRow[]; problems: PlanProblem[] };

/**
 * The header row and two example rows (frames as media ids, and as a URL the import fetches):
 * what the Import page's "Download the template" saves.
 */
export const PLAN_TEMPLATE = `${[
  PLAN_COLUMNS.join(","),
  'Acme Coffee,Instagram sandbox;WhatsApp sandbox,2026-12-01,09:00,,media-id-1;media-id-2,"New blend, today only",1 link https://acme.example/blend 0.5 0.8; 2 mention @acme.partner,December launch',
  "Acme Coffee,Facebook sandbox,2026-12-02,18:30,Europe/Berlin,https://acme.example/media/evening.jpg,,,Evening offer",
].join("\r\n")}\r\n`;

const fileProblem = (problem: string, fix: string): PlanProblem => ({
  row: 0,
  column: null,
  severity: "error",
  problem,
  fix,
});

/**
 * The file's text, or a problem: a plan must be UTF-8 (a spreadsheet's "CSV UTF-8"); a byte order
 * mark, which Excel writes, is dropped. Decoding as Latin-1 instead would turn "Café" into mojibake
 * on every story without anyone noticing, so other encodings are refused, naming the line.
 */
export function decodePlan(bytes: Uint8Array): { text: string } | { problem: PlanProblem } {
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    const line = firstUndecodableLine(bytes);
    return {
      problem: fileProblem(
        `The file is not UTF-8 text (line ${line} has a character in another encoding).`,
        'Save it again as "CSV UTF-8" (Excel: File → Save As → CSV UTF-8; Google Sheets and Numbers export UTF-8).',
      ),
    };
  }
}

function firstUndecodableLine(bytes: Uint8Array): number {
  let start = 0;
  let line = 1;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      try {
        new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(start, i));
      } catch {
        return line;
      }
      start = i + 1;
      line++;
    }
  }
  return line;
}

/**
 * Reads a plan's rows: header checked (every required column present, no unknown one), quoted
 * cells may hold separators and newlines, cells trimmed, blank lines skipped. Nothing is
 * interpreted here beyond the shape; lib/import/dry-run-plan.ts checks the values.
 */
export function readPlan(bytes: Uint8Array): ReadPlan {
  const decoded = decodePlan(bytes);
  if ("problem" in decoded) return { rows: [], problems: [decoded.problem] };
  let records: string[][];
  try {
    records = parse(decoded.text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as string[][];
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      rows: [],
      problems: [
        fileProblem(
          `The file is not valid CSV: ${message}`,
          'Check the quotes on that line: a cell that holds a quote writes it twice ("").',
        ),
      ],
    };
  }
  const [header, ...data] = records;
  if (!header) {
    return {
      rows: [],
      problems: [
        fileProblem("The file is empty.", "Start from the template: its first row names the columns."),
      ],
    };
  }
  const names = header.map((name) => name.trim().toLowerCase());
  const problems: PlanProblem[] = [];
  names.forEach((name, index) => {
    if (!(PLAN_COLUMNS as readonly string[]).includes(name)) {
      problems.push({
        row: 1,
        column: null,
        severity: "error",
        problem: `Column ${index + 1} is named "${header[index]}", which is not a plan column.`,
        fix: `Name the columns as the template does: ${PLAN_COLUMNS.join(", ")}.`,
      });
    }
  });
  for (const column of PLAN_COLUMNS) {
    if (!names.includes(column) && !OPTIONAL.has(column)) {
      problems.push({
        row: 1,
        column,
        severity: "error",
        problem: `The header has no "${column}" column.`,
        fix: `Add a "${column}" column (the template has every column).`,
      });
    }
  }
  if (problems.length > 0) return { rows: [], problems };

  const rows: PlanRow[] = data.map((record, index) => {
    const cells = Object.fromEntries(PLAN_COLUMNS.map((c) => [c, ""])) as Record<PlanColumn, string>;
    names.forEach((name, i) => {
      cells[name as PlanColumn] = (record[i] ?? "").trim();
    });
    // Spreadsheet rows: the header is row 1, and a quoted newline stays inside its row.
    return { row: index + 2, cells };
  });
  return { rows, problems };
}

/** A list cell's items: split on ";", trimmed, empty items dropped. */
export function listCell(value: string): string[] {
  return value
    .split(LIST_SEPARATOR)
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

/**
 * A cell for export. A cell a spreadsheet would read as a formula (=, +, -, @, tab, carriage
 * return first) gets a leading apostrophe, so "=HYPERLINK(…)" from an import is shown as text and
 * never runs (OWASP CSV injection); cells with a separator, quote or newline are quoted.
 */
export function exportCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function exportRow(values: string[]): string {
  return `${values.map(exportCell).join(",")}\r\n`;
}
