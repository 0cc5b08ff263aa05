// Where things live. Everything is relative to the project root, wherever it was cloned.
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Project-local state that must never be committed: local database clusters, demo login. */
export const DATA_DIR = path.join(ROOT, ".data");

/** @param {...string} parts */
export const fromRoot = (...parts) => path.join(ROOT, ...parts);

/** The path of a locally installed npm binary; running it directly skips npx's start-up cost. */
export const localBin = (/** @type {string} */ name) => path.join(ROOT, "node_modules", ".bin", name);
