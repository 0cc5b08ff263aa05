import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { importsOf } from "./source-imports";

// Guards the layering of lib/ that docs/architecture.md ("Layout and dependency direction")
// documents: a folder imports only folders of lower layers, so no two folders depend on each
// other and no file imports its way back to itself. The table in that section is the only copy
// of the layers: moving a folder means editing the doc, and a new folder fails here until the doc
// places it.
//
// What counts as an import: `import`, `import type`, `export … from`, `import("…")` and
// `typeof import("…")`. Type-only imports count: they are erased at run time, but they tie the
// folders all the same (the lower folder no longer compiles or reads on its own, and a type import
// becomes a value import with the next edit). Test files (`*.test.ts`) do not count: nothing
// imports them, so they cannot close a cycle, and an integration test may drive a folder through
// the use cases above it (a publishing test schedules its story with lib/stories).

const root = path.resolve(import.meta.dirname, "..");
const lib = path.join(root, "lib");

/** The lib/ folder a path lies in; a file directly under lib/ (errors.ts) is a folder of its own name. */
function folderOf(libRelative: string): string {
  const [first = "", ...rest] = libRelative.split("/");
  return rest.length === 0 ? first.replace(/\.tsx?$/, "") : first;
}

/**
 * The lib/-relative path an import points at, or null when it leaves lib/ (a package, app/,
 * prisma/). `@/` is the repository root (tsconfig paths).
 */
function resolveInLib(fromLibRelative: string, specifier: string): string | null {
  let target: string;
  if (specifier.startsWith("@/")) target = specifier.slice(2);
  else if (specifier.startsWith("."))
    target = path.posix.join("lib", path.posix.dirname(fromLibRelative), specifier);
  else return null;
  target = path.posix.normalize(target);
  return target.startsWith("lib/") ? target.slice(4) : null;
}

/** The file an extensionless lib/-relative import names (x.ts, x.tsx or x/index.ts), if it exists. */
function fileFor(libRelative: string, exists: (p: string) => boolean): string | null {
  for (const candidate of [
    libRelative,
    `${libRelative}.ts`,
    `${libRelative}.tsx`,
    `${libRelative}/index.ts`,
  ]) {
    if (exists(candidate)) return candidate;
  }
  return null;
}

/** Layers as the doc's table gives them: folder → layer number. */
function layersFromDoc(markdown: string): Map<string, number> {
  const section = markdown.split(/^## /m).find((part) => part.startsWith("Layout and dependency direction"));
  const layers = new Map<string, number>();
  for (const [, layer, folders] of (section ?? "").matchAll(/^\|\s*(\d+)\s*\|([^|]*)\|/gm)) {
    for (const [, folder] of (folders ?? "").matchAll(/`([a-z0-9-]+)`/g)) {
      if (folder) layers.set(folder, Number(layer));
    }
  }
  return layers;
}

/** Every cycle's members in a directed graph (strongly connected components of more than one node, or a self-loop). */
function cyclesOf(graph: Map<string, Set<string>>): string[][] {
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const connect = (node: string) => {
    indexOf.set(node, index);
    low.set(node, index);
    index++;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!indexOf.has(next)) {
        connect(next);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(next) ?? 0));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node) ?? 0, indexOf.get(next) ?? 0));
      }
    }
    if (low.get(node) === indexOf.get(node)) {
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop();
        if (member === undefined) break;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || graph.get(node)?.has(node)) cycles.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!indexOf.has(node)) connect(node);
  return cycles;
}

type Edge = { from: string; to: string; specifier: string; typeOnly: boolean };

/** The imports between files of lib/ (production files: tests are left out, see the top of this file). */
function libImports(): { files: string[]; edges: Edge[] } {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      const rel = path.relative(lib, full).split(path.sep).join("/");
      if (entry.isDirectory()) {
        if (rel !== "db/generated") walk(full);
      } else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) {
        files.push(rel);
      }
    }
  };
  walk(lib);
  const exists = (rel: string) =>
    fs.existsSync(path.join(lib, rel)) && fs.statSync(path.join(lib, rel)).isFile();
  const edges: Edge[] = [];
  for (const from of files) {
    for (const { specifier, typeOnly } of importsOf(from, fs.readFileSync(path.join(lib, from), "utf8"))) {
      const target = resolveInLib(from, specifier);
      if (target === null || target.startsWith("db/generated")) continue;
      edges.push({ from, to: fileFor(target, exists) ?? target, specifier, typeOnly });
    }
  }
  return { files, edges };
}

describe("the import reader", () => {
  test("finds value, type-only, re-export and dynamic imports, and resolves them into lib/ folders", () => {
    const text = [
      'import { a } from "@/lib/core/roles";',
      'import type { B } from "@/lib/workspaces/context";',
      'import { type C } from "../stories/schemas";',
      'export { d } from "./sibling";',
      'const e = await import("@/lib/queue/queues");',
      'type F = typeof import("@/lib/media/storage");',
      'import { z } from "zod";',
    ].join("\n");
    const found = importsOf("publishing/x.ts", text).map(({ specifier, typeOnly }) => [
      folderOf(resolveInLib("publishing/x.ts", specifier) ?? "(outside)"),
      typeOnly,
    ]);
    expect(found).toEqual([
      ["core", false],
      ["workspaces", true],
      ["stories", true],
      ["publishing", false],
      ["queue", false],
      ["media", true],
      ["(outside)", false],
    ]);
    expect(folderOf("errors.ts")).toBe("errors");
    expect(resolveInLib("media/storage.ts", "@/prisma/factories")).toBeNull();
  });

  test("reads the layers from the doc's table and finds every cycle", () => {
    const doc =
      "## Layout and dependency direction\n\n| layer | folders |\n| - | - |\n| 1 | `core` |\n| 0 | `errors`, `env` |\n\n## Next\n| 9 | `not-here` |\n";
    expect([...layersFromDoc(doc)]).toEqual([
      ["core", 1],
      ["errors", 0],
      ["env", 0],
    ]);
    const graph = new Map([
      ["a", new Set(["b"])],
      ["b", new Set(["c"])],
      ["c", new Set(["a"])],
      ["d", new Set(["d"])],
      ["e", new Set(["a"])],
    ]);
    expect(cyclesOf(graph)).toEqual([["a", "b", "c"], ["d"]]);
  });
});

describe("lib/ layering (docs/architecture.md)", () => {
  const layers = layersFromDoc(fs.readFileSync(path.join(root, "docs/architecture.md"), "utf8"));
  const { files, edges } = libImports();

  test("the doc places every folder of lib/, and only folders that exist", () => {
    const folders = [...new Set(files.map(folderOf))].sort();
    expect(folders.filter((folder) => !layers.has(folder))).toEqual([]);
    expect([...layers.keys()].filter((folder) => !folders.includes(folder))).toEqual([]);
    // A reader that found nothing would pass everything below.
    expect(edges.filter((edge) => folderOf(edge.from) !== folderOf(edge.to)).length).toBeGreaterThan(100);
  });

  test("every import between folders goes to a lower layer", () => {
    const upward = edges
      .filter((edge) => folderOf(edge.from) !== folderOf(edge.to))
      .filter(
        (edge) => (layers.get(folderOf(edge.to)) ?? Infinity) >= (layers.get(folderOf(edge.from)) ?? -1),
      )
      .map(
        (edge) =>
          `lib/${edge.from} (${folderOf(edge.from)}, layer ${layers.get(folderOf(edge.from))}) imports ${edge.typeOnly ? "types from " : ""}` +
          `${edge.specifier} (${folderOf(edge.to)}, layer ${layers.get(folderOf(edge.to))})`,
      );
    expect(upward).toEqual([]);
  });

  test("the platform adapters speak HTTP only: no database, no env", () => {
    const reaching = edges
      .filter((edge) => folderOf(edge.from) === "publishers")
      .filter((edge) => ["db", "env", "redis", "queue"].includes(folderOf(edge.to)))
      .map((edge) => `lib/${edge.from} imports ${edge.specifier}`);
    expect(reaching).toEqual([]);
  });

  test("no cycle between folders", () => {
    const graph = new Map<string, Set<string>>();
    for (const edge of edges) {
      const [from, to] = [folderOf(edge.from), folderOf(edge.to)];
      if (from === to) continue;
      graph.set(from, (graph.get(from) ?? new Set()).add(to));
    }
    expect(cyclesOf(graph)).toEqual([]);
  });

  test("no cycle between files", () => {
    const graph = new Map<string, Set<string>>();
    for (const edge of edges) graph.set(edge.from, (graph.get(edge.from) ?? new Set()).add(edge.to));
    expect(cyclesOf(graph)).toEqual([]);
  });
});
