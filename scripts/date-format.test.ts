import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, test } from "vitest";

// Guards issue 11's "one formatter for dates and times": every date a screen or an e-mail shows
// goes through lib/core/instant-format.ts (on screens, via app/_components/local-time.tsx), so no
// screen mixes "12/05/2026, 01:00 PM" with "5 Dec 2026, 11:40" and a raw "Tue, 08 Dec 2026
// 10:47:55 GMT". A file that builds its own date text fails here.
//
// Found through the syntax tree, not the text, so comments and strings that name these calls do
// not count. `Intl.DateTimeFormat()` with no arguments only asks for the runtime's zone
// (`.resolvedOptions().timeZone`), which formats nothing, so it is allowed.

const root = path.resolve(import.meta.dirname, "..");

/** The formatter, and lib/core's zone arithmetic, which reads clock parts and shows nothing. */
const ALLOWED = new Set([
  "lib/core/instant-format.ts",
  // Reads wall-clock parts ("en-US", h23) to convert brand times; never shown.
  "lib/core/wall-clock.ts",
  // Validates zone names and reads their UTC offset; never shown as a date.
  "lib/core/time-zone.ts",
]);

/** Date methods that format by themselves. toLocaleString also formats numbers, checked in app/ only. */
const DATE_METHODS = new Set(["toLocaleDateString", "toLocaleTimeString", "toUTCString", "toGMTString"]);

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** "file:line call" for each own date formatting in `text`. */
function ownDateFormatting(fileName: string, text: string, { numbersToo }: { numbersToo: boolean }) {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const at = (node: ts.Node, what: string) =>
    found.push(`${fileName}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1} ${what}`);
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const name = node.expression.name.text;
      if (DATE_METHODS.has(name) || (numbersToo && name === "toLocaleString")) at(node, name);
    }
    if (
      (ts.isCallExpression(node) || ts.isNewExpression(node)) &&
      ts.isPropertyAccessExpression(node.expression) &&
      node.expression.getText(source).replace(/\s/g, "") === "Intl.DateTimeFormat" &&
      (node.arguments?.length ?? 0) > 0
    ) {
      at(node, "Intl.DateTimeFormat(…)");
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function scan(dir: string, numbersToo: boolean): string[] {
  return sourceFiles(path.join(root, dir))
    .map((file) => path.relative(root, file))
    .filter((file) => !ALLOWED.has(file))
    .flatMap((file) =>
      ownDateFormatting(file, fs.readFileSync(path.join(root, file), "utf8"), { numbersToo }),
    );
}

describe("one date formatter", () => {
  test("app/ shows dates only through the formatter", () => {
    expect(scan("app", true)).toEqual([]);
  });

  test("lib/ writes dates only through the formatter", () => {
    expect(scan("lib", false)).toEqual([]);
  });

  test("the guard sees what it guards against, and not the zone look-up", () => {
    const text = [
      "const a = date.toLocaleString();",
      "const b = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(date);",
      "const c = date.toUTCString();",
      "const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;",
      "// date.toLocaleDateString() in a comment",
    ].join("\n");
    expect(ownDateFormatting("x.tsx", text, { numbersToo: true })).toEqual([
      "x.tsx:1 toLocaleString",
      "x.tsx:2 Intl.DateTimeFormat(…)",
      "x.tsx:3 toUTCString",
    ]);
  });
});
