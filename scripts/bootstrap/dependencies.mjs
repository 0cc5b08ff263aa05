// Step 1: npm dependencies. Node built-ins only: this is what makes the others available.
import fs from "node:fs";
import { run } from "./exec.mjs";
import { BootstrapError, info, step } from "./log.mjs";
import { fromRoot } from "./paths.mjs";
import { hashFiles, isFresh, writeStamp } from "./stamp.mjs";

const STAMP = fromRoot("node_modules", ".storyrelay-lock-hash");
const REQUIRED_NODE = [20, 19];

/** Fails early with a plain message instead of a syntax error deep inside a dependency. */
export function checkNodeVersion(version = process.versions.node) {
  const [major = 0, minor = 0] = version.split(".").map(Number);
  const [needMajor = 0, needMinor = 0] = REQUIRED_NODE;
  if (major > needMajor || (major === needMajor && minor >= needMinor)) return;
  throw new BootstrapError(
    `StoryRelay needs Node.js ${needMajor}.${needMinor} or newer; this is ${version}. ` +
      "Install a current Node.js 20 or 22 (https://nodejs.org or your package manager) and try again.",
  );
}

/**
 * Whether the installed tree (npm's own record in node_modules/.package-lock.json) is the one the
 * lockfile describes. npm skips optional packages built for other platforms, so those may be absent.
 * This lets a developer who ran `npm install` keep their tree instead of paying for `npm ci`.
 * @param {{ packages?: Record<string, any> }} lock package-lock.json
 * @param {{ packages?: Record<string, any> }} installed node_modules/.package-lock.json
 */
export function installedTreeMatchesLock(lock, installed) {
  const wanted = lock.packages ?? {};
  const have = installed.packages ?? {};
  for (const [name, entry] of Object.entries(wanted)) {
    if (name === "") continue; // the project itself
    if (!(name in have)) {
      if (entry.optional || entry.devOptional) continue;
      return false;
    }
    if (JSON.stringify(entry) !== JSON.stringify(have[name])) return false;
  }
  return Object.keys(have).every((name) => name in wanted);
}

function readJson(/** @type {string} */ file) {
  return JSON.parse(fs.readFileSync(file, "utf8"));
}

/** The reason node_modules needs `npm ci`, or undefined when it is up to date. */
function staleReason(/** @type {string} */ lockHash) {
  if (!fs.existsSync(fromRoot("node_modules"))) return "node_modules is missing";
  if (isFresh(STAMP, lockHash)) return undefined;
  const installedRecord = fromRoot("node_modules", ".package-lock.json");
  if (!fs.existsSync(installedRecord)) return "node_modules was not installed by npm";
  if (!installedTreeMatchesLock(readJson(fromRoot("package-lock.json")), readJson(installedRecord))) {
    return "package-lock.json changed since the last install";
  }
  return undefined;
}

/** Installs the locked dependencies when they are missing or stale. */
export async function ensureDependencies() {
  checkNodeVersion();
  if (!fs.existsSync(fromRoot("package-lock.json"))) {
    throw new BootstrapError(
      "package-lock.json is missing: restore it with `git checkout package-lock.json`.",
    );
  }
  const lockHash = hashFiles(fromRoot(), ["package-lock.json"]);
  const reason = staleReason(lockHash);
  if (reason) {
    step(`Installing npm dependencies (${reason})`);
    // --prefer-offline: a machine that installed once has the tarballs cached; no need to ask.
    await run("npm", ["ci", "--no-audit", "--no-fund", "--prefer-offline"]);
  } else {
    info("npm dependencies: up to date");
  }
  writeStamp(STAMP, lockHash);
}
