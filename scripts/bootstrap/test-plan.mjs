// What `npm test` runs (its arguments) and what it counted (the reports). Pure, built-ins only.
import fs from "node:fs";
import { BootstrapError } from "./log.mjs";

export const SUITES = ["static", "unit", "integration", "e2e"];

/**
 * `--only=unit,integration` (or `--only unit`) picks suites; no argument means all of them.
 * @param {string[]} args
 * @returns {Set<string>}
 */
export function parseSuites(args) {
  /** @type {string[]} */
  const picked = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? "";
    if (arg.startsWith("--only=")) picked.push(...arg.slice("--only=".length).split(","));
    else if (arg === "--only") {
      picked.push(...(args[i + 1] ?? "").split(","));
      i += 1;
    } else {
      throw new BootstrapError(`Unknown argument "${arg}". Usage: npm test [-- --only=${SUITES.join(",")}]`);
    }
  }
  const names = picked.map((name) => name.trim()).filter(Boolean);
  const unknown = names.filter((name) => !SUITES.includes(name));
  if (unknown.length > 0) {
    throw new BootstrapError(`Unknown suite "${unknown.join(", ")}". Choose from: ${SUITES.join(", ")}`);
  }
  // Always in the documented order, whatever order they were given in.
  return new Set(names.length === 0 ? SUITES : SUITES.filter((suite) => names.includes(suite)));
}

/** @typedef {{ passed: number, failed: number, skipped: number }} Counts */

/**
 * Test counts from a vitest JSON report or a Playwright JSON report.
 * @param {any} report
 * @returns {Counts | undefined}
 */
export function countsOf(report) {
  if (report && typeof report.numPassedTests === "number") {
    return {
      passed: report.numPassedTests,
      failed: report.numFailedTests ?? 0,
      skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
    };
  }
  const stats = report?.stats;
  if (stats && typeof stats.expected === "number") {
    return {
      passed: stats.expected + (stats.flaky ?? 0),
      failed: stats.unexpected ?? 0,
      skipped: stats.skipped ?? 0,
    };
  }
  return undefined;
}

/**
 * Adds up the counts of the reports that exist.
 * @param {string[]} files
 * @returns {Counts | undefined} undefined when no report was written
 */
export function countResults(files) {
  /** @type {Counts | undefined} */
  let total;
  for (const file of files) {
    let counts;
    try {
      counts = countsOf(JSON.parse(fs.readFileSync(file, "utf8")));
    } catch {
      continue; // not written: the suite did not run
    }
    if (!counts) continue;
    total = {
      passed: (total?.passed ?? 0) + counts.passed,
      failed: (total?.failed ?? 0) + counts.failed,
      skipped: (total?.skipped ?? 0) + counts.skipped,
    };
  }
  return total;
}

/** @param {Counts} counts */
export const formatCounts = ({ passed, failed, skipped }) =>
  `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`;
