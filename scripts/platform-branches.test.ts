import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { PLATFORM_DESCRIPTORS } from "@/lib/core/platforms/registry";

// Generic code never branches on a platform name (docs/architecture.md): what differs between
// platforms lives in their descriptors (lib/core/platforms/) and adapters (lib/publishers/<p>/),
// so adding a platform is a new descriptor and adapter, not a hunt through every screen.
// This test reads app/, lib/ and workers/ and fails on a branch or a per-platform table there.

const root = path.resolve(__dirname, "..");

/** Where platform names belong: the descriptors, the adapters, generated code, tests and test kits. */
function isPlatformHome(rel: string): boolean {
  return (
    rel.startsWith("lib/core/platforms/") ||
    /^lib\/publishers\/[^/]+\//.test(rel) ||
    // The adapters' lists (publishers, inbound parsers, senders), keyed by platform (their type
    // makes a missing line a compile error).
    /^lib\/publishers\/(?:[a-z]+-)?registry\.ts$/.test(rel) ||
    rel.startsWith("lib/db/generated/") ||
    rel.startsWith("lib/test/") ||
    /\.test\.tsx?$/.test(rel) ||
    /test-kit\.ts$/.test(rel)
  );
}

/** Each line of `text` that branches on, or keys a table by, one of `names`. */
function platformBranches(text: string, names: readonly string[]): string[] {
  const name = `"(?:${names.join("|")})"`;
  const patterns = [
    new RegExp(`[!=]==?\\s*${name}`), // platform === "WHATSAPP"
    new RegExp(`${name}\\s*[!=]==?`), // "WHATSAPP" === platform
    new RegExp(`\\bcase\\s+${name}`), // case "WHATSAPP":
    new RegExp(`\\.(?:includes|has|indexOf)\\(\\s*${name}`), // platforms.includes("WHATSAPP")
    new RegExp(`^\\s*(?:${names.join("|")})\\s*:`), // { WHATSAPP: … } — a per-platform table
    new RegExp(`\\bz\\.literal\\(\\s*${name}`), // a per-platform schema
  ];
  return text
    .split("\n")
    .map((line, index) => ({ line, number: index + 1 }))
    .filter(({ line }) => !/^\s*(\/\/|\*|\/\*)/.test(line))
    .filter(({ line }) => patterns.some((pattern) => pattern.test(line)))
    .map(({ line, number }) => `${number}: ${line.trim()}`);
}

function sourceFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) found.push(...sourceFiles(rel));
    else if (/\.tsx?$/.test(entry.name)) found.push(rel);
  }
  return found;
}

const names = PLATFORM_DESCRIPTORS.map((d) => d.platform);

describe("the platform-branch reader", () => {
  test("finds comparisons, cases, list checks, tables and schemas, and not comments or variables", () => {
    const text = [
      'if (platform === "WHATSAPP") go();',
      'if ("INSTAGRAM" !== channel.platform) stop();',
      '  case "FACEBOOK":',
      'const text = platforms.includes("WHATSAPP");',
      "  INSTAGRAM: 'Instagram',",
      'platform: z.literal("FACEBOOK"),',
      '// platform === "WHATSAPP" is how it used to read',
      "if (c.platform === platform) keep();",
      'const label = "WHATSAPP story";',
    ].join("\n");
    expect(platformBranches(text, names).map((line) => Number(line.split(":")[0]))).toEqual([
      1, 2, 3, 4, 5, 6,
    ]);
  });
});

describe("generic code reads platform descriptors", () => {
  test("no platform-name branch outside lib/core/platforms/ and lib/publishers/<platform>/", () => {
    const files = ["app", "lib", "workers"].flatMap(sourceFiles).filter((rel) => !isPlatformHome(rel));
    // A reader that found nothing would pass everything.
    expect(files.length).toBeGreaterThan(200);
    const branches = files.flatMap((rel) =>
      platformBranches(fs.readFileSync(path.join(root, rel), "utf8"), names).map((line) => `${rel}:${line}`),
    );
    expect(branches).toEqual([]);
  });
});
