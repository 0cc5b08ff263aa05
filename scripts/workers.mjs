#!/usr/bin/env node
// `npm run workers`: one worker process. The TypeScript is bundled first (esbuild, well under a
// second) and the bundle runs in this very process: no TypeScript loader stays resident, which
// keeps a worker about 30 MB smaller than under tsx, and the pid that is started is the worker
// (what a supervisor signals and what /proc reports). Run it several times to scale out.
//
// `--kind publish` or `--kind media` runs one kind of worker (docs/decisions/041-worker-kinds.md,
// workers/kinds.ts); without it, both in one process.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import v8 from "node:v8";
import { build, stop } from "esbuild";
import { kindFromArgs, root, workerBuildOptions } from "./worker-kinds.mjs";

let kind;
try {
  kind = kindFromArgs(process.argv.slice(2));
} catch (error) {
  console.error(`storyrelay workers: ${error.message}`);
  process.exit(64);
}

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

// The map without the sources' text: stack traces still name the TypeScript file and line, and
// the map node keeps in memory for them is a third of the size.
await build({ ...workerBuildOptions(kind), outfile, sourcemap: "inline", sourcesContent: false });
// The build service is a child process; it is not needed any more.
await stop();
process.setSourceMapsEnabled(true);
// The Prisma client's query compiler is a WebAssembly module of several MB. V8 compiles it with
// its baseline compiler (Liftoff), then recompiles the busy functions with TurboFan on background
// threads whose memory the process keeps: measured on the publish workers, about 80 MB of their
// idle 270 MB, for no CPU per query we could measure (docs/decisions/041-worker-kinds.md). Set
// before the bundle loads, so before the module is compiled (on the first query).
v8.setFlagsFromString("--liftoff-only");
try {
  await import(pathToFileURL(outfile).href);
} finally {
  // Loaded (the source map is inline, so stack traces still point at the TypeScript).
  fs.rmSync(outfile, { force: true });
}
