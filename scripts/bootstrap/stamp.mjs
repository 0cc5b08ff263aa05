// Staleness checks: "has this input changed since we last did the expensive thing?".
// A stamp is a small file holding the hash of the inputs at the time the work last succeeded.
// Node built-ins only: used before `npm ci`.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** Folders never worth hashing: dependencies, build output, local state, VCS data. */
const SKIPPED_DIRS = new Set(["node_modules", ".next", ".data", ".git", "test-results", "playwright-report"]);

/**
 * Lists the files under the given paths (files or folders, relative to root), sorted, so the
 * same tree always hashes the same. Missing paths are skipped: not every project has every folder.
 * @param {string} root
 * @param {string[]} entries
 * @returns {string[]} paths relative to root, with forward slashes
 */
export function listFiles(root, entries) {
  /** @type {string[]} */
  const files = [];
  /** @param {string} relative */
  const visit = (relative) => {
    const absolute = path.join(root, relative);
    let stat;
    try {
      stat = fs.statSync(absolute);
    } catch {
      return;
    }
    if (stat.isFile()) {
      files.push(relative.split(path.sep).join("/"));
      return;
    }
    if (!stat.isDirectory()) return;
    for (const name of fs.readdirSync(absolute)) {
      if (SKIPPED_DIRS.has(name)) continue;
      visit(path.join(relative, name));
    }
  };
  for (const entry of entries) visit(entry);
  return [...new Set(files)].sort();
}

/**
 * Hashes the names and contents of files. Contents, not modification times: a fresh clone or a
 * `git checkout` touches every mtime without changing anything worth rebuilding.
 * @param {string} root
 * @param {string[]} relativeFiles
 * @param {string[]} [extra] more strings that should invalidate the stamp (versions, modes)
 */
export function hashFiles(root, relativeFiles, extra = []) {
  const hash = createHash("sha256");
  for (const value of extra) hash.update(`extra:${value}\0`);
  for (const file of relativeFiles) {
    hash.update(`file:${file}\0`);
    hash.update(fs.readFileSync(path.join(root, file)));
    hash.update("\0");
  }
  return hash.digest("hex");
}

/**
 * @param {string} stampFile
 * @returns {string | undefined}
 */
export function readStamp(stampFile) {
  try {
    return fs.readFileSync(stampFile, "utf8").trim();
  } catch {
    return undefined;
  }
}

/**
 * @param {string} stampFile
 * @param {string} value
 */
export function writeStamp(stampFile, value) {
  fs.mkdirSync(path.dirname(stampFile), { recursive: true });
  fs.writeFileSync(stampFile, `${value}\n`);
}

/**
 * @param {string} stampFile
 * @param {string} currentHash
 */
export const isFresh = (stampFile, currentHash) => readStamp(stampFile) === currentHash;
