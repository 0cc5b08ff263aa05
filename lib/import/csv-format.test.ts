import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { exportCell, exportRow, listCell, PLAN_COLUMNS, PLAN_TEMPLATE, readPlan } from "./csv-format";

const HEADER = PLAN_COLUMNS.join(",");
const bytes = (text: string) => new TextEncoder().encode(text);

describe("readPlan", () => {
  it("reads the template's rows by column", () => {
    const { rows, problems } = readPlan(bytes(PLAN_TEMPLATE));
    expect(problems).toEqual([]);
    expect(rows).toHaveLength(2);
    expect(rows[1]?.cells).toMatchObject({ zone: "Europe/Berlin", time: "18:30", title: "Evening offer" });
    expect(rows[0]?.row).toBe(2);
    expect(rows[0]?.cells).toMatchObject({
      brand: "Acme Coffee",
      whatsapp_caption: "New blend, today only",
      zone: "",
      title: "December launch",
    });
  });

  it("accepts a byte order mark, as Excel writes one", () => {
    const withBom = new Uint8Array([
      0xef,
      0xbb,
      0xbf,
      ...bytes(`${HEADER}\nAcme,IG,2026-12-01,09:00,,m1,,,Hi\n`),
    ]);
    const { rows, problems } = readPlan(withBom);
    expect(problems).toEqual([]);
    expect(rows[0]?.cells.brand).toBe("Acme");
  });

  it("keeps a quoted newline inside its cell and counts spreadsheet rows, not lines", () => {
    const text = `${HEADER}\nAcme,IG,2026-12-01,09:00,,m1,"Line one\nline two",,A\nAcme,IG,2026-12-02,09:00,,m1,,,B\n`;
    const { rows, problems } = readPlan(bytes(text));
    expect(problems).toEqual([]);
    expect(rows.map((r) => [r.row, r.cells.whatsapp_caption, r.cells.title])).toEqual([
      [2, "Line one\nline two", "A"],
      [3, "", "B"],
    ]);
  });

  it("refuses a file that is not UTF-8, naming the line", () => {
    // "Café" in Windows-1252: é is the single byte 0xE9.
    const latin1 = new Uint8Array([
      ...bytes(`${HEADER}\nAcme,IG,2026-12-01,09:00,,m1,Caf`),
      0xe9,
      ...bytes(",,A\n"),
    ]);
    const { rows, problems } = readPlan(latin1);
    expect(rows).toEqual([]);
    expect(problems).toEqual([
      expect.objectContaining({
        row: 0,
        severity: "error",
        problem: expect.stringMatching(/not UTF-8.*line 2/),
      }),
    ]);
    expect(problems[0]?.fix).toMatch(/CSV UTF-8/);
  });

  it("keeps a formula as text", () => {
    const { rows } = readPlan(
      bytes(`${HEADER}\nAcme,IG,2026-12-01,09:00,,m1,,,"=HYPERLINK(""http://evil"",""x"")"\n`),
    );
    expect(rows[0]?.cells.title).toBe('=HYPERLINK("http://evil","x")');
  });

  it("names a missing or unknown column in the header", () => {
    const { problems } = readPlan(bytes("brand,channels,date,colour\n"));
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 1, problem: expect.stringContaining('"colour"') }),
        expect.objectContaining({ row: 1, column: "time" }),
        expect.objectContaining({ row: 1, column: "frames" }),
      ]),
    );
  });

  it("reports an empty file and broken quoting", () => {
    expect(readPlan(bytes("")).problems[0]?.problem).toBe("The file is empty.");
    expect(readPlan(bytes(`${HEADER}\nAcme,"IG,2026\n`)).problems[0]?.problem).toMatch(/not valid CSV/);
  });
});

describe("exportCell", () => {
  it("prefixes what a spreadsheet would run as a formula", () => {
    expect(exportCell("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(exportCell("+1")).toBe("'+1");
    expect(exportCell("-1")).toBe("'-1");
    expect(exportCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(exportCell("\tx")).toBe("'\tx");
    expect(exportCell("Plain")).toBe("Plain");
  });

  it("quotes separators, quotes and newlines so the row reads back the same", () => {
    const values = ["a,b", 'say "hi"', "two\nlines", '=HYPERLINK("x")'];
    const [record] = parse(exportRow(values)) as string[][];
    expect(record).toEqual(["a,b", 'say "hi"', "two\nlines", `'=HYPERLINK("x")`]);
  });
});

describe("listCell", () => {
  it("splits on semicolons and drops blanks", () => {
    expect(listCell(" a ; b;;c ")).toEqual(["a", "b", "c"]);
    expect(listCell("")).toEqual([]);
  });
});
