import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";

// The reference docs live in the repository: a link or a cited path that leaves it works on one
// machine only and breaks for every reader of a clone.
const root = path.resolve(import.meta.dirname, "..");
const tracked = execFileSync("git", ["ls-files"], { cwd: root, encoding: "utf8" })
  .split("\n")
  .filter(Boolean);
const sources = tracked.filter(
  (file) => /\.(md|ts|tsx|mjs|prisma)$/.test(file) && fs.existsSync(path.join(root, file)),
);

test("no file cites a path outside the repository", () => {
  const outside = /(\.\.\/)+shared\/|\/work\/(shared|main)\b/;
  const offenders = sources.filter((file) => outside.test(fs.readFileSync(path.join(root, file), "utf8")));
  expect(offenders).toEqual([]);
});

test("every relative link in the Markdown docs points at a file of the repository", () => {
  const broken: string[] = [];
  for (const file of sources.filter((name) => name.endsWith(".md"))) {
    // Code spans are not links: `@[Name](userId)` shows a mention's stored form.
    const text = fs.readFileSync(path.join(root, file), "utf8").replace(/`[^`\n]*`/g, "");
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (!target || /^([a-z]+:|#)/i.test(target)) continue;
      const resolved = path.resolve(path.dirname(path.join(root, file)), target.split("#")[0] ?? "");
      if (!resolved.startsWith(`${root}${path.sep}`) || !fs.existsSync(resolved)) {
        broken.push(`${file} → ${target}`);
      }
    }
  }
  expect(broken).toEqual([]);
});
