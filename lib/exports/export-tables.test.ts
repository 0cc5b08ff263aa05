import { describe, expect, it } from "vitest";
import { EXPORT_TABLES, tablesFor, whereFor } from "./export-tables";

describe("export tables", () => {
  it("lists no column that looks like a secret", () => {
    const secretLike = /token|secret|hash|password|ciphertext|authTag|^iv$|keyId|credential|config|code/i;
    for (const table of EXPORT_TABLES) {
      // Columns that only name something (a permalink, an error code) are fine: list them here.
      const allowed = new Set(["lastErrorCode", "errorCode", "tokenExpiresAt", "actorApiKeyId"]);
      const suspicious = table.columns.filter((c) => secretLike.test(c) && !allowed.has(c));
      expect(suspicious, table.name).toEqual([]);
    }
  });

  it("keeps every table inside the workspace, and a brand export to the brand", () => {
    for (const table of tablesFor({ workspaceId: "w1", brandId: "b1" })) {
      const where = JSON.stringify(whereFor(table, { workspaceId: "w1", brandId: "b1" }));
      expect(where, table.name).toContain('"w1"');
      if (table.name !== "workspace") expect(where, table.name).toContain('"b1"');
    }
    expect(tablesFor({ workspaceId: "w1", brandId: "b1" }).map((t) => t.name)).not.toContain("members");
    expect(tablesFor({ workspaceId: "w1", brandId: null }).map((t) => t.name)).toContain("members");
  });

  it("has unique file names and its key among its columns", () => {
    expect(new Set(EXPORT_TABLES.map((t) => t.name)).size).toBe(EXPORT_TABLES.length);
    for (const table of EXPORT_TABLES) expect(table.columns, table.name).toContain(table.key);
  });
});
