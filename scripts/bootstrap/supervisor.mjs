// Step 8: runs web, workers and simulators side by side, like a small Procfile runner.
//
// Each child gets its own process group (detached), so stopping one also stops what it spawned
// (tsx runs the script in a second node process), and Ctrl-C reaches only us: we decide the order
// and the grace period.
import { spawn } from "node:child_process";
import readline from "node:readline";
import { color, colorEnabled, warn } from "./log.mjs";
import { ROOT } from "./paths.mjs";

const GRACE_MS = 10_000;

/**
 * @typedef {object} ChildSpec
 * @property {string} name label in front of each output line, e.g. "web "
 * @property {(text: string) => string} paint colour of the label
 * @property {string} command
 * @property {string[]} args
 * @property {NodeJS.ProcessEnv} env
 */

/**
 * @typedef {object} Running
 * @property {ChildSpec} spec
 * @property {import("node:child_process").ChildProcess} child
 * @property {Promise<void>} exited
 * @property {boolean} alive
 */

/**
 * Sends a signal to a child's whole process group; it may already be gone.
 * @param {Running} running
 * @param {NodeJS.Signals} signal
 */
function signalGroup(running, signal) {
  if (!running.alive || running.child.pid === undefined) return;
  try {
    process.kill(-running.child.pid, signal);
  } catch {
    // already exited
  }
}

/**
 * @param {NodeJS.ReadableStream} stream
 * @param {string} prefix
 * @param {NodeJS.WriteStream} out
 */
function prefixLines(stream, prefix, out) {
  readline.createInterface({ input: stream }).on("line", (line) => out.write(`${prefix}${line}\n`));
}

/** @param {ChildSpec} spec @returns {Running} */
function startChild(spec) {
  const child = spawn(spec.command, spec.args, {
    cwd: ROOT,
    // Children write into pipes, not a terminal: tell them to keep their colours when ours are on.
    env: colorEnabled ? { FORCE_COLOR: "1", ...spec.env } : spec.env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const prefix = `${spec.paint(spec.name)} ${color.dim("|")} `;
  if (child.stdout) prefixLines(child.stdout, prefix, process.stdout);
  if (child.stderr) prefixLines(child.stderr, prefix, process.stderr);
  /** @type {Running} */
  const running = { spec, child, alive: true, exited: Promise.resolve() };
  running.exited = new Promise((resolve) => {
    // "close", not "exit": it comes after the last output line, so nothing is cut off.
    child.on("close", () => {
      running.alive = false;
      resolve();
    });
    child.on("error", (error) => {
      process.stderr.write(`${prefix}${color.red(`could not start: ${error.message}`)}\n`);
      running.alive = false;
      resolve();
    });
  });
  return running;
}

/**
 * Starts every child and keeps them running until one dies (then stops the rest and exits 1) or
 * we are asked to stop (SIGINT/SIGTERM: stop all, exit 0).
 * @param {ChildSpec[]} specs
 * @param {{ onStopped?: () => void }} [hooks]
 */
export function supervise(specs, hooks = {}) {
  const children = specs.map(startChild);
  let stopping = false;

  const stopAll = async (/** @type {number} */ exitCode) => {
    if (stopping) return;
    stopping = true;
    for (const running of children) signalGroup(running, "SIGTERM");
    const killer = setTimeout(() => {
      for (const running of children) {
        if (running.alive)
          warn(`${running.spec.name.trim()} did not stop within ${GRACE_MS / 1000} s; killing it`);
        signalGroup(running, "SIGKILL");
      }
    }, GRACE_MS);
    await Promise.all(children.map((running) => running.exited));
    clearTimeout(killer);
    hooks.onStopped?.();
    process.exit(exitCode);
  };

  for (const running of children) {
    running.child.on("close", (code, signal) => {
      if (stopping) return;
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      console.error(
        `\n${color.red("✗")} ${color.red(`${running.spec.name.trim()} ${how}; stopping the others.`)} ` +
          "Its last lines above say why.",
      );
      void stopAll(1);
    });
  }

  let interrupts = 0;
  const onSignal = () => {
    interrupts += 1;
    if (interrupts > 1) {
      // A second Ctrl-C means "now": do not wait for the grace period.
      for (const running of children) signalGroup(running, "SIGKILL");
      return;
    }
    console.log(`\n${color.dim("Stopping web, workers and simulators…")}`);
    void stopAll(0);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  // Last resort if this script dies some other way: never leave orphans holding the ports.
  process.on("exit", () => {
    for (const running of children) signalGroup(running, "SIGKILL");
  });

  return { stopAll };
}
