// Step 7: the production build of the web app, redone only when its inputs changed.
import fs from "node:fs";
import { run } from "./exec.mjs";
import { info, step } from "./log.mjs";
import { fromRoot, localBin, ROOT } from "./paths.mjs";
import { hashFiles, isFresh, listFiles, writeStamp } from "./stamp.mjs";

const STAMP = fromRoot(".next", ".storyrelay-build-hash");
const SOURCE_DIRS = ["app", "lib", "components", "public", "styles"];
const ROOT_FILE_PATTERNS = [
  /^(next|postcss|tailwind)\.config\.(js|mjs|cjs|ts|mts)$/,
  /^(middleware|proxy|instrumentation)\.(ts|js)$/,
  /^(tsconfig\.json|package-lock\.json)$/,
];

/**
 * The files whose content decides the build, relative to root.
 * @param {string} root
 */
export function buildInputs(root) {
  const rootFiles = fs
    .readdirSync(root)
    .filter((name) => ROOT_FILE_PATTERNS.some((pattern) => pattern.test(name)));
  return listFiles(root, [...SOURCE_DIRS, ...rootFiles]);
}

/**
 * Runs `next build` unless the last successful build used exactly these inputs.
 * `quiet` keeps its output back unless it fails: `npm test` builds while the tests run, and their
 * findings should not drown in the build's progress lines. `lowPriority`: it builds in the CPU
 * time the tests leave.
 * @param {NodeJS.ProcessEnv} env
 * @param {{ quiet?: boolean, lowPriority?: boolean }} [options]
 */
export async function ensureBuild(env, options = {}) {
  const hash = hashFiles(ROOT, buildInputs(ROOT));
  if (fs.existsSync(fromRoot(".next", "BUILD_ID")) && isFresh(STAMP, hash)) {
    info("Web build: up to date");
    return;
  }
  step("Building the web app (next build)");
  await run(localBin("next"), ["build"], { env, quiet: options.quiet, lowPriority: options.lowPriority });
  writeStamp(STAMP, hash);
}
