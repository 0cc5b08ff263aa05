import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AUDIT_GROUPS, actionsInGroup, auditActionGroup, auditActionLabel } from "./audit-labels";

const root = path.resolve(import.meta.dirname, "../..");

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** The dotted action names written by production code: every string literal after `action:` in a file that audits. */
function writtenActions(): string[] {
  const found = new Set<string>();
  for (const file of ["app", "lib", "workers"].flatMap((dir) => sourceFiles(path.join(root, dir)))) {
    const text = fs.readFileSync(file, "utf8");
    if (!/recordAudit\(|auditLog\.create|recordExport\(/.test(text)) continue;
    for (const match of text.matchAll(/action:\s*([^,\n]+)/g)) {
      for (const literal of (match[1] ?? "").matchAll(/"([a-z_]+(?:\.[a-z_]+)+)"/g))
        found.add(literal[1] ?? "");
    }
  }
  return [...found].sort();
}

describe("the audit labels", () => {
  it("name every action the code records", () => {
    const actions = writtenActions();
    expect(actions).toContain("channel.connect");
    expect(actions).toContain("export.audit");
    expect(actions.filter((action) => auditActionLabel(action) === action)).toEqual([]);
  });

  it("put every known action in a group, and show an unknown one raw, in other", () => {
    for (const group of Object.keys(AUDIT_GROUPS)) {
      if (group !== "other") expect(actionsInGroup(group as never).length, group).toBeGreaterThan(0);
    }
    expect(auditActionLabel("future.thing")).toBe("future.thing");
    expect(auditActionGroup("future.thing")).toBe("other");
  });
});
