// Facts about the machine and the one way we change it (apt). Node built-ins only.
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { run } from "./exec.mjs";
import { BootstrapError, step } from "./log.mjs";

export const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;

export const isDebianLike = () => process.platform === "linux" && fs.existsSync("/etc/debian_version");

/** We only install system packages where we can do so without asking anyone for a password. */
export const canAptInstall = () => isDebianLike() && isRoot() && fs.existsSync("/usr/bin/apt-get");

const APT_LISTS = "/var/lib/apt/lists";
const FRESH_LISTS_MS = 6 * 60 * 60 * 1000;
let aptUpdated = false;
// Wait for another apt (an unattended upgrade, a second terminal) instead of failing at once.
const LOCK_WAIT = ["-o", "DPkg::Lock::Timeout=300"];

/** Package lists younger than a few hours are good enough; `apt-get update` costs seconds. */
function aptListsAreFresh() {
  try {
    return fs
      .readdirSync(APT_LISTS)
      .filter((name) => name.endsWith("Packages") || name.endsWith("Packages.lz4"))
      .some((name) => Date.now() - fs.statSync(path.join(APT_LISTS, name)).mtimeMs < FRESH_LISTS_MS);
  } catch {
    return false;
  }
}

async function aptUpdate() {
  if (aptUpdated) return;
  await run("apt-get", ["update", "-q", ...LOCK_WAIT], { env: aptEnv() });
  aptUpdated = true;
}

const aptEnv = () => ({ ...process.env, DEBIAN_FRONTEND: "noninteractive" });

/**
 * Installs Debian packages, refreshing the package lists once when they are old or the install
 * fails on stale lists.
 * @param {string[]} packages
 * @param {string} why shown to the user, e.g. "Postgres is not installed"
 */
export async function aptInstall(packages, why) {
  if (!canAptInstall()) {
    throw new BootstrapError(
      `Cannot install ${packages.join(", ")} here: apt-get needs root on Debian/Ubuntu.`,
    );
  }
  step(`${why}: installing ${packages.join(" ")} with apt-get`);
  if (!aptListsAreFresh()) await aptUpdate();
  const install = () => run("apt-get", ["install", "-y", "-q", ...LOCK_WAIT, ...packages], { env: aptEnv() });
  try {
    await install();
  } catch (error) {
    if (aptUpdated) throw error;
    await aptUpdate();
    await install();
  }
}

/**
 * Whether something accepts TCP connections at host:port.
 * @param {string} host
 * @param {number} port
 * @param {number} [timeoutMs]
 * @returns {Promise<boolean>}
 */
export function isPortOpen(host, port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (/** @type {boolean} */ open) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

/**
 * Polls until check() returns true or the time is up.
 * @param {() => Promise<boolean>} check
 * @param {number} timeoutMs
 * @param {number} [intervalMs]
 */
export async function waitFor(check, timeoutMs, intervalMs = 250) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  return check();
}
