// The worker kinds (docs/decisions/041-worker-kinds.md, workers/kinds.ts): each one's entry, how
// scripts/workers.mjs bundles it, and which ones `npm start` runs. scripts/worker-kinds.test.ts
// bundles the publish kind the same way to prove that sharp, ffmpeg and the other heavy packages
// are not in it.
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
  };
}
