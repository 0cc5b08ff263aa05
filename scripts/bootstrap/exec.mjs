// Running other programs. Node built-ins only: used before `npm ci`.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { BootstrapError } from "./log.mjs";
import { ROOT } from "./paths.mjs";

/**
 * @typedef {object} RunOptions
 * @property {NodeJS.ProcessEnv} [env] the complete environment of the child (default: ours)
 * @property {string} [cwd]
 * @property {boolean} [quiet] capture output instead of showing it; it is shown only on failure
 * @property {boolean} [lowPriority] run it at the lowest CPU priority (`nice -n 19`, where there is
 *   a `nice`): it then takes only the CPU time the other programs of this session leave
 */

/**
 * Runs a command to completion. Rejects with a BootstrapError naming the command when it fails,
 * so each caller does not have to word that message again.
 * @param {string} command
 * @param {string[]} args
 * @param {RunOptions} [options]
 * @returns {Promise<string>} the captured output when quiet, "" otherwise
 */
export function run(command, args, options = {}) {
  const shown = [path.basename(command), ...args].join(" ");
  // Through `nice` rather than os.setPriority after the spawn: on Linux that sets one thread's
  // priority, and the threads the child had already started would keep the normal one.
  const nice = options.lowPriority ? which("nice") : undefined;
  const [file, argv] = nice ? [nice, ["-n", "19", command, ...args]] : [command, args];
  return new Promise((resolve, reject) => {
    const child = spawn(file, argv, {
      cwd: options.cwd ?? ROOT,
      env: options.env ?? process.env,
      stdio: options.quiet ? ["ignore", "pipe", "pipe"] : "inherit",
    });
    let output = "";
    child.stdout?.on("data", (chunk) => {
      output += chunk;
    });
    child.stderr?.on("data", (chunk) => {
      output += chunk;
    });
    child.on("error", (error) => reject(new BootstrapError(`Could not run \`${shown}\`: ${error.message}`)));
    child.on("close", (code, signal) => {
      if (code === 0) return resolve(output);
      if (options.quiet && output.trim()) process.stderr.write(`${output.trimEnd()}\n`);
      const how = signal ? `was stopped by ${signal}` : `exited with code ${code}`;
      reject(new BootstrapError(`\`${shown}\` ${how}.`));
    });
  });
}

/**
 * Runs a short command and returns its exit status and output, never throwing.
 * @param {string} command
 * @param {string[]} args
 * @param {{ env?: NodeJS.ProcessEnv, cwd?: string }} [options]
 */
export function probe(command, args, options = {}) {
  const result = spawnSync(command, args, {
    cwd: options.cwd ?? ROOT,
    env: options.env ?? process.env,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  return {
    ok: result.status === 0,
    status: result.status,
    stdout: result.stdout ?? "",
    stderr: result.stderr ?? "",
  };
}

/**
 * Finds an executable on PATH (and in the given extra directories), like `which`.
 * @param {string} name
 * @param {string[]} [extraDirs]
 * @returns {string | undefined}
 */
export function which(name, extraDirs = []) {
  const dirs = [...(process.env.PATH ?? "").split(path.delimiter), ...extraDirs].filter(Boolean);
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return undefined;
}
