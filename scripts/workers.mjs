#!/usr/bin/env node
// `npm run workers`: one worker process. The TypeScript is bundled first (esbuild, well under a
// second) and the bundle runs in this very process: no TypeScript loader stays resident, which
// keeps a worker about 30 MB smaller than under tsx, and the pid that is started is the worker
// (what a supervisor signals and what /proc reports). Run it several times to scale out.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { build, stop } from "esbuild";

const root = path.resolve(import.meta.dirname, "..");
const buildDir = path.join(root, ".build");
const outfile = path.join(buildDir, `workers-${process.pid}.mjs`);

// Each process bundles to a file of its own (workers starting together must not read each
// other's half-written bundle) and removes it once loaded; a killed worker's stays behind.
function removeOrphanBundles() {
  if (!fs.existsSync(buildDir)) return;
  for (const name of fs.readdirSync(buildDir)) {
    const pid = Number(/^workers-(\d+)\.mjs$/.exec(name)?.[1]);
    if (pid && !isAlive(pid)) fs.rmSync(path.join(buildDir, name), { force: true });
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}

removeOrphanBundles();

await build({
  entryPoints: [path.join(root, "workers/index.ts")],
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // Packages load from node_modules as usual; only our own modules are bundled.
  packages: "external",
  tsconfig: path.join(root, "tsconfig.json"),
  outfile,
  sourcemap: "inline",
  logLevel: "warning",
});
// The build service is a child process; it is not needed any more.
await stop();
process.setSourceMapsEnabled(true);
try {
  await import(pathToFileURL(outfile).href);
} finally {
  // Loaded (the source map is inline, so stack traces still point at the TypeScript).
  fs.rmSync(outfile, { force: true });
}
