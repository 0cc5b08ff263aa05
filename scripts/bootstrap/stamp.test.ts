import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { hashFiles, isFresh, listFiles, writeStamp } from "./stamp.mjs";

let root: string;

const write = (relative: string, content: string) => {
  fs.mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
  fs.writeFileSync(path.join(root, relative), content);
};

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "storyrelay-stamp-"));
  write("app/page.tsx", "export default 1");
  write("app/api/health/route.ts", "ok");
  write("lib/core/slug.ts", "slug");
  write("app/node_modules/x.js", "ignored");
  write("next.config.js", "{}");
});

afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

describe("listFiles", () => {
  it("lists files under folders and single files, sorted, skipping dependency folders", () => {
    expect(listFiles(root, ["lib", "app", "next.config.js", "public"])).toEqual([
      "app/api/health/route.ts",
      "app/page.tsx",
      "lib/core/slug.ts",
      "next.config.js",
    ]);
  });
});

describe("hashFiles and stamps", () => {
  const inputs = () => listFiles(root, ["app", "lib"]);

  it("is stable when nothing changed, even if files were touched", () => {
    const before = hashFiles(root, inputs());
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(path.join(root, "app/page.tsx"), later, later);
    expect(hashFiles(root, inputs())).toBe(before);
  });

  it("changes when a file's content changes", () => {
    const before = hashFiles(root, inputs());
    write("app/page.tsx", "export default 2");
    expect(hashFiles(root, inputs())).not.toBe(before);
  });

  it("changes when a file is added or renamed", () => {
    const before = hashFiles(root, inputs());
    fs.renameSync(path.join(root, "lib/core/slug.ts"), path.join(root, "lib/core/slugs.ts"));
    expect(hashFiles(root, inputs())).not.toBe(before);
  });

  it("changes with the extra inputs", () => {
    expect(hashFiles(root, inputs(), ["dev"])).not.toBe(hashFiles(root, inputs(), ["production"]));
  });

  it("counts as fresh only with a stamp of the same hash", () => {
    const stamp = path.join(root, ".next/.hash");
    const hash = hashFiles(root, inputs());
    expect(isFresh(stamp, hash)).toBe(false);
    writeStamp(stamp, hash);
    expect(isFresh(stamp, hash)).toBe(true);
    write("lib/core/slug.ts", "changed");
    expect(isFresh(stamp, hashFiles(root, inputs()))).toBe(false);
  });
});
