// The worker kinds (docs/decisions/041-worker-kinds.md, workers/kinds.ts): each one's entry, how
// scripts/workers.mjs bundles it, and which ones `npm start` runs. scripts/worker-kinds.test.ts
// bundles the publish kind the same way to prove that sharp, ffmpeg and the other heavy packages
// are not in it.
import fs from "node:fs";
import path from "node:path";

export const root = path.resolve(import.meta.dirname, "..");

/** Each kind's entry: `all` runs both kinds in one process (the default, as before the split). */
export const WORKER_ENTRIES = {
  all: "workers/index.ts",
  publish: "workers/publish.ts",
  media: "workers/media.ts",
};

/**
 * The worker processes `npm start` runs (scripts/start.mjs): one of each kind, so the publish
 * workers never load sharp or ffmpeg. Compose runs the same two (compose.yaml).
 */
export const START_WORKER_KINDS = /** @type {const} */ (["publish", "media"]);

/**
 * V8 heap limits for a publish worker, given on node's command line by every launcher
 * (scripts/start.mjs, docker/entrypoint.sh, the benchmarks): V8 takes heap sizes nowhere else.
 * Unlimited, V8 let a publish worker's heap grow to ~390 MB in a 3,000-target burst though what it
 * holds is ~100 MB; with these, ~210 MB, for about 5 % more CPU
 * (docs/decisions/043-publish-cost-second-pass.md).
 * The old space grows with WORKER_PUBLISH_CONCURRENCY, which bounds what a worker holds at once
 * (a bigger burst waits in Redis, not in the heap), so a larger concurrency does not run into it.
 * docker/entrypoint.sh computes the same (scripts/worker-kinds.test.ts compares them).
 * @param {NodeJS.ProcessEnv} env
 * @returns {string[]}
 */
export function publishHeapOptions(env) {
  const concurrency = Number(env.WORKER_PUBLISH_CONCURRENCY ?? 100) || 100;
  return [
    `--max-old-space-size=${PUBLISH_HEAP.baseMb + Math.floor(concurrency / PUBLISH_HEAP.jobsPerMb)}`,
    `--max-semi-space-size=${PUBLISH_HEAP.semiSpaceMb}`,
  ];
}

/** publishHeapOptions's numbers: old space = baseMb + concurrency / jobsPerMb. */
export const PUBLISH_HEAP = { baseMb: 96, jobsPerMb: 2, semiSpaceMb: 8 };

/**
 * Node's options for one kind: the publish kind's heap limits; none for the others (a media job
 * holds a whole video's frames, and the all-in-one process does media work too).
 * @param {keyof typeof WORKER_ENTRIES} kind
 * @param {NodeJS.ProcessEnv} env
 * @returns {string[]}
 */
export function workerNodeOptions(kind, env) {
  return kind === "publish" ? publishHeapOptions(env) : [];
}

/**
 * The kind named by `--kind <kind>` or `--kind=<kind>`; `all` without one.
 * @param {string[]} args
 * @returns {keyof typeof WORKER_ENTRIES}
 */
export function kindFromArgs(args) {
  const at = args.findIndex((arg) => arg === "--kind" || arg.startsWith("--kind="));
  if (at === -1) return "all";
  const kind = args[at].startsWith("--kind=") ? args[at].slice("--kind=".length) : args[at + 1];
  if (kind === undefined || !Object.hasOwn(WORKER_ENTRIES, kind)) {
    throw new Error(`unknown worker kind "${kind ?? ""}": use ${Object.keys(WORKER_ENTRIES).join(", ")}.`);
  }
  return /** @type {keyof typeof WORKER_ENTRIES} */ (kind);
}

/**
 * esbuild options for one kind's bundle.
 * @param {keyof typeof WORKER_ENTRIES} kind
 * @returns {import("esbuild").BuildOptions}
 */
export function workerBuildOptions(kind) {
  return {
    entryPoints: [path.join(root, WORKER_ENTRIES[kind])],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    // Packages load from node_modules as usual; only our own modules are bundled. So a package
    // is in a kind's memory exactly when the bundle imports it statically, and a package loaded
    // with `import("pkg")` only when that line runs (sharp, the S3 SDK, express, the OTel SDK).
    packages: "external",
    tsconfig: path.join(root, "tsconfig.json"),
    logLevel: "warning",
    plugins: [smallQueryCompiler],
  };
}

/**
 * The Prisma client's query compiler comes in two builds of one WebAssembly module, for speed
 * ("fast", what `prisma generate` picks) and for size ("small", half the bytes). The workers take
 * the small one: measured with a bare client (`--liftoff-only`, as the workers run), after 1,800
 * ORM queries of three shapes, RSS 177–180 MB against 191–196 MB, at the same CPU (1,253–1,418 ms
 * against 1,411–1,509 ms), three runs each (docs/decisions/041-worker-kinds.md). The hot path's
 * statements do not go through it at all (lib/db/client.ts, Sql). The web keeps the fast build.
 * The generated client names its build in one file; a Prisma that stops doing so fails the bundle
 * here, by name, rather than silently keeping the big build.
 * @type {import("esbuild").Plugin}
 */
const smallQueryCompiler = {
  name: "storyrelay-small-query-compiler",
  setup(build) {
    build.onLoad({ filter: /[\\/]lib[\\/]db[\\/]generated[\\/]internal[\\/]class\.ts$/ }, async (args) => {
      const source = await fs.promises.readFile(args.path, "utf8");
      const contents = source.replaceAll("query_compiler_fast_bg", "query_compiler_small_bg");
      if (contents === source) {
        throw new Error(
          `${path.relative(root, args.path)} no longer names Prisma's "query_compiler_fast_bg"; see scripts/worker-kinds.mjs (smallQueryCompiler)`,
        );
      }
      return { contents, loader: "ts" };
    });
  },
};
