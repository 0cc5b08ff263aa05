import { readFileSync } from "node:fs";
import path from "node:path";
import { build, type Metafile } from "esbuild";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { allQueueNames } from "@/lib/queue/all-queues";
import { queuesOf, WORKER_KINDS, type WorkerKind } from "@/workers/kinds";
import {
  kindFromArgs,
  PUBLISH_HEAP,
  root,
  START_WORKER_KINDS,
  type WORKER_ENTRIES,
  workerBuildOptions,
  workerNodeOptions,
} from "./worker-kinds.mjs";

// Decision 041: the publish workers never load sharp or ffmpeg, and every queue has a consumer in
// the default deployments (`npm start`, compose). Checked on the bundle scripts/workers.mjs runs,
// built the same way: a package is in a worker's memory when that bundle imports it statically.

/** Never in a publish worker, not even behind a lazy import: media processing, storage, zips, uploads. */
const NEVER_IN_PUBLISH = [
  "sharp",
  "fluent-ffmpeg",
  "@ffmpeg-installer/ffmpeg",
  "@ffprobe-installer/ffprobe",
  "@aws-sdk/client-s3",
  "yazl",
  "@tus/server",
  "@tus/file-store",
  "csv-parse",
  "image-size",
];
/** Allowed in a publish worker only as `import("pkg")`, loaded when configured (ops port, OTLP). */
const ONLY_LAZY = [
  "express",
  "@bull-board/api",
  "@bull-board/express",
  "@opentelemetry/sdk-node",
  "@opentelemetry/sdk-trace-base",
  "@opentelemetry/exporter-trace-otlp-http",
];

const packageOf = (specifier: string) =>
  specifier
    .split("/")
    .slice(0, specifier.startsWith("@") ? 2 : 1)
    .join("/");

async function bundleImports(kind: keyof typeof WORKER_ENTRIES) {
  const result = await build({
    ...workerBuildOptions(kind),
    write: false,
    metafile: true,
    outfile: "kind.mjs",
  });
  const output = Object.values((result.metafile as Metafile).outputs)[0];
  const external = (output?.imports ?? []).filter(
    (entry) => entry.external && !entry.path.startsWith("node:"),
  );
  const of = (kinds: string[]) =>
    new Set(external.filter((entry) => kinds.includes(entry.kind)).map((entry) => packageOf(entry.path)));
  return {
    eager: of(["import-statement", "require-call"]),
    lazy: of(["dynamic-import"]),
    sources: Object.keys((result.metafile as Metafile).inputs),
    externalPaths: external.map((entry) => entry.path),
  };
}

/** A package and everything its package.json depends on, as installed at the top of node_modules. */
function dependencyClosure(names: Iterable<string>): Set<string> {
  const seen = new Set<string>();
  const pending = [...names];
  while (pending.length > 0) {
    const name = pending.pop() as string;
    if (seen.has(name)) continue;
    seen.add(name);
    let manifest: { dependencies?: Record<string, string> };
    try {
      manifest = JSON.parse(readFileSync(path.join(root, "node_modules", name, "package.json"), "utf8"));
    } catch {
      continue; // a generated or nested package (the Prisma client's own files): nothing to follow
    }
    pending.push(...Object.keys(manifest.dependencies ?? {}));
  }
  return seen;
}

describe("the publish workers' bundle", () => {
  it("loads none of the heavy packages, and express, Bull Board and the OTel SDK only when configured", async () => {
    const { eager, lazy, sources } = await bundleImports("publish");
    // The test would prove nothing if the bundle were not the publish workers.
    expect(sources).toContain("workers/publish-kind.ts");
    expect(sources).toContain("lib/publishing/publish-target.ts");
    const loaded = dependencyClosure(eager);
    expect(eager.has("bullmq")).toBe(true);
    for (const name of [...NEVER_IN_PUBLISH, ...ONLY_LAZY])
      expect(loaded.has(name), `${name} is loaded`).toBe(false);
    for (const name of NEVER_IN_PUBLISH) expect(lazy.has(name), `${name} may be loaded`).toBe(false);
    // The ops server is in the bundle, its packages behind import(): the check sees lazy imports.
    expect(lazy.has("express")).toBe(true);
    expect(sources.filter((source) => source.startsWith("lib/media/"))).toEqual([
      "lib/media/media-key.ts",
      "lib/media/signed-url.ts",
    ]);
  }, 30_000);

  it("takes Prisma's query compiler built for size, which the package does have", async () => {
    const { externalPaths } = await bundleImports("publish");
    const compiler = externalPaths.filter((specifier) => specifier.includes("query_compiler_"));
    expect(compiler.sort()).toEqual([
      "@prisma/client/runtime/query_compiler_small_bg.postgresql.mjs",
      "@prisma/client/runtime/query_compiler_small_bg.postgresql.wasm-base64.mjs",
    ]);
    // Resolvable from the package's exports, as the worker will import them.
    for (const specifier of compiler) await expect(import(specifier)).resolves.toBeDefined();
  }, 30_000);

  it("is what the media workers' bundle is not: the media kind does load sharp and ffmpeg's module", async () => {
    const { sources } = await bundleImports("media");
    expect(sources).toContain("lib/media/image-rendition.ts");
    expect(sources).toContain("lib/media/ffmpeg.ts");
  }, 30_000);
});

describe("worker kinds and their queues", () => {
  const consumedBy = (kinds: readonly WorkerKind[], shards: number) =>
    kinds.flatMap((kind) => queuesOf(kind, shards)).sort();

  it("gives each queue to exactly one kind", () => {
    for (const shards of [1, 4]) {
      const all = consumedBy(WORKER_KINDS, shards);
      expect(all).toEqual(allQueueNames(shards).sort());
      expect(new Set(all).size).toBe(all.length);
    }
  });

  it("consumes every queue in `npm start` (one process per kind)", () => {
    expect(consumedBy(START_WORKER_KINDS, 4)).toEqual(allQueueNames(4).sort());
  });

  it("consumes every queue in compose, through the entrypoint's commands", () => {
    // command → the kind the entrypoint runs it as (`exec node scripts/workers.mjs [--kind x]`).
    const entrypoint = readFileSync(path.join(root, "docker/entrypoint.sh"), "utf8");
    const commands = new Map(
      [
        ...entrypoint.matchAll(
          /^ {2}([a-z-]+)\)\n(?:\s+#.*\n)*\s+exec node(?: \$\w+)? scripts\/workers\.mjs(.*?) "\$@"$/gm,
        ),
      ].map(([, command, args]) => [command, kindFromArgs((args ?? "").trim().split(/\s+/).filter(Boolean))]),
    );
    expect(Object.fromEntries(commands)).toEqual({
      workers: "all",
      "publish-workers": "publish",
      "media-workers": "media",
    });
    const compose = parse(readFileSync(path.join(root, "compose.yaml"), "utf8"), { merge: true }) as {
      services: Record<string, { command?: string[]; profiles?: string[] }>;
    };
    const kinds = Object.values(compose.services)
      .filter((service) => !service.profiles)
      .flatMap((service) => {
        const kind = commands.get(service.command?.[0] ?? "");
        if (kind === undefined) return [];
        return kind === "all" ? [...WORKER_KINDS] : [kind];
      });
    expect(consumedBy(kinds, 4)).toEqual(allQueueNames(4).sort());
  });
});

describe("a publish worker's heap limits", () => {
  it("are the same from npm start and from the image's entrypoint, and grow with the concurrency", () => {
    const entrypoint = readFileSync(path.join(root, "docker/entrypoint.sh"), "utf8");
    const { baseMb, jobsPerMb, semiSpaceMb } = PUBLISH_HEAP;
    expect(entrypoint).toContain(
      `publish_heap="--max-old-space-size=$((${baseMb} + \${WORKER_PUBLISH_CONCURRENCY:-100} / ${jobsPerMb})) --max-semi-space-size=${semiSpaceMb}"`,
    );
    expect(entrypoint).toMatch(/exec node \$publish_heap scripts\/workers\.mjs --kind publish "\$@"/);
    expect(workerNodeOptions("publish", {})).toEqual(["--max-old-space-size=146", "--max-semi-space-size=8"]);
    expect(workerNodeOptions("publish", { WORKER_PUBLISH_CONCURRENCY: "400" })[0]).toBe(
      "--max-old-space-size=296",
    );
    expect(workerNodeOptions("media", {})).toEqual([]);
    expect(workerNodeOptions("all", {})).toEqual([]);
  });
});

describe("kindFromArgs", () => {
  it("reads --kind x and --kind=x, defaults to all, and refuses an unknown kind", () => {
    expect(kindFromArgs([])).toBe("all");
    expect(kindFromArgs(["--kind", "publish"])).toBe("publish");
    expect(kindFromArgs(["--kind=media"])).toBe("media");
    expect(() => kindFromArgs(["--kind", "mail"])).toThrow(
      'unknown worker kind "mail": use all, publish, media.',
    );
    expect(() => kindFromArgs(["--kind"])).toThrow("unknown worker kind");
  });
});
