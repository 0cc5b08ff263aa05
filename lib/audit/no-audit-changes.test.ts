import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// The code's half of "append-only" (the database's half is its trigger, tested against Postgres):
// no production file updates or deletes an audit entry through Prisma or SQL.

const root = path.resolve(import.meta.dirname, "../..");

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory())
      return entry.name === "generated" || entry.name === "node_modules" ? [] : sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

const CHANGES = [
  /auditLog\s*\.\s*(update|updateMany|upsert|delete|deleteMany|updateManyAndReturn)\b/,
  /(UPDATE|DELETE\s+FROM|TRUNCATE)\s+"?AuditLog"?/i,
];

describe("audit entries", () => {
  it("are never updated or deleted by app, lib, workers or scripts", () => {
    const found = ["app", "lib", "workers", "scripts"].flatMap((dir) =>
      sourceFiles(path.join(root, dir)).flatMap((file) => {
        const text = fs.readFileSync(file, "utf8");
        return CHANGES.some((pattern) => pattern.test(text)) ? [path.relative(root, file)] : [];
      }),
    );
    expect(found).toEqual([]);
  });

  it("would notice one", () => {
    expect(CHANGES.some((p) => p.test("await tx.auditLog.deleteMany({ where })"))).toBe(true);
    expect(CHANGES.some((p) => p.test('UPDATE "AuditLog" SET'))).toBe(true);
  });
});
