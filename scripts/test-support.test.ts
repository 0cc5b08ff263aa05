import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { importsOf } from "./source-imports";

// Test support lives in one tree, test/ (docs/architecture.md, "Layout"): kits, fixtures and
// helpers that sit beside production code get imported by it, ship in the bundle and hide what a
// folder is for. Tests themselves stay beside the code they test (`*.test.ts`), and they may
// import test/; nothing else in the production folders may.

const root = path.resolve(import.meta.dirname, "..");
const PRODUCTION = ["app", "lib", "workers", "simulators"];
const SKIPPED = new Set(["node_modules", ".next", "lib/db/generated"]);

const isTest = (file: string) => /\.test\.tsx?$/.test(file);

/** A path whose name says it is test support: a kit, fixtures, test media, or a test/ folder. */
function namesTestSupport(file: string): boolean {
  const parts = file.split("/");
  const name = parts.at(-1) ?? "";
  const folders = parts.slice(0, -1);
  if (folders.some((folder) => /^(__)?(tests?|fixtures|test-?kits?|mocks)(__)?$/i.test(folder))) return true;
  if (isTest(name)) return false;
  return /test-?kit|fixtures?|test-media|test-support|test-helpers?|mocks?\b/i.test(name);
}

/** Whether `specifier`, imported by `from` (both relative to the repository root), points into test/. */
function importsTestTree(from: string, specifier: string): boolean {
  let target: string;
  if (specifier.startsWith("@/")) target = specifier.slice(2);
  else if (specifier.startsWith(".")) target = path.posix.join(path.posix.dirname(from), specifier);
  else return false;
  target = path.posix.normalize(target);
  return target === "test" || target.startsWith("test/");
}

/** Every file below the production folders, repository-relative, as it is on disk (untracked ones too). */
function productionFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = `${dir}/${entry.name}`;
      if (SKIPPED.has(entry.name) || SKIPPED.has(rel)) continue;
      if (entry.isDirectory()) walk(rel);
      else files.push(rel);
    }
  };
  for (const folder of PRODUCTION) walk(folder);
  return files;
}

describe("the test-support rules", () => {
  test("know a test-support name when they see one", () => {
    expect(
      [
        "lib/publishing/pipeline-test-kit.ts",
        "lib/media/media-fixtures.ts",
        "lib/media/test-media.ts",
        "lib/test/wait-until.ts",
        "simulators/test/sim-client.ts",
        "app/api/v1/_lib/api-test-kit.ts",
        "lib/media/__fixtures__/a.jpg",
        "lib/media/testkit.ts",
      ].filter((file) => !namesTestSupport(file)),
    ).toEqual([]);
    expect(
      [
        "lib/media/sniff.test.ts",
        "lib/media/upload-server.integration.test.ts",
        "lib/core/story-checks.ts",
        "simulators/media/check-media.ts",
        "app/(app)/w/[slug]/stories/[storyId]/page.tsx",
        "lib/publishing/attempt-log.ts",
      ].filter(namesTestSupport),
    ).toEqual([]);
  });

  test("know an import of test/ in either spelling", () => {
    expect(importsTestTree("lib/media/x.ts", "@/test/media/media-fixtures")).toBe(true);
    expect(importsTestTree("lib/media/x.ts", "../../test/assert/wait-until")).toBe(true);
    expect(importsTestTree("simulators/x.ts", "../test/simulators/media-server")).toBe(true);
    expect(importsTestTree("simulators/x.ts", "./test/media-fixtures")).toBe(false);
    expect(importsTestTree("lib/media/x.ts", "@/lib/test-bounds")).toBe(false);
    expect(importsTestTree("lib/media/x.ts", "vitest")).toBe(false);
  });
});

describe("production folders (app, lib, workers, simulators)", () => {
  const files = productionFiles();

  test("hold no test support: kits, fixtures and helpers live under test/", () => {
    // A walk that found nothing would pass everything below.
    expect(files.length).toBeGreaterThan(300);
    expect(files.filter(namesTestSupport)).toEqual([]);
  });

  test("import nothing from test/ outside their tests", () => {
    const offenders = files
      .filter((file) => /\.(tsx?|mjs|js)$/.test(file) && !isTest(file))
      .flatMap((file) => {
        const text = fs.readFileSync(path.join(root, file), "utf8");
        // Parsing every file takes seconds; one that never says "test" cannot import test/.
        if (!text.includes("test")) return [];
        return importsOf(file, text)
          .filter(({ specifier }) => importsTestTree(file, specifier))
          .map(({ specifier }) => `${file} imports ${specifier}`);
      });
    expect(offenders).toEqual([]);
  });
});
