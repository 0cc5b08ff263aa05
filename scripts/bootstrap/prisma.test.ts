import { describe, expect, it } from "vitest";
import { describeMigrateOutput, generatorOutput } from "./prisma.mjs";

describe("generatorOutput", () => {
  it("finds the generated client's folder, relative to the project root", () => {
    const schema = `generator client {\n  provider = "prisma-client"\n  output   = "../lib/db/generated"\n}\n`;
    expect(generatorOutput(schema)).toBe("lib/db/generated");
  });

  it("is undefined when the generator writes to its default place", () => {
    expect(generatorOutput(`generator client {\n  provider = "prisma-client-js"\n}\n`)).toBeUndefined();
  });
});

describe("describeMigrateOutput", () => {
  it("names the migrations that were applied", () => {
    const output = [
      "The following migration(s) have been applied:",
      "",
      "migrations/",
      "  └─ 20261125140040_init/",
      "    └─ migration.sql",
      "  └─ 20261126090000_add-insights/",
      "    └─ migration.sql",
    ].join("\n");
    expect(describeMigrateOutput(output)).toBe(
      "Applied 2 migration(s): 20261125140040_init, 20261126090000_add-insights",
    );
  });

  it("says so when nothing was pending", () => {
    expect(describeMigrateOutput("1 migration found\n\nNo pending migrations to apply.")).toBe(
      "No pending migrations",
    );
  });
});
