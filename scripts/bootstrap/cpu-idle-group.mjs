// A Linux CPU control group whose processes run only on CPU time nobody else wants: how npm test
// runs the browser tests beside the integration files that measure wall-clock bounds.
//
// `nice` is not enough for that: the kernel's autogroups share the CPU between sessions, not
// processes, and Chromium starts each browser in a session of its own (and raises its own
// priority), so niced browser tests still took half of the cores from their neighbours (a crash
// test missed its bound beside them). A control group is above sessions: the kernel gives it
// nothing while the processes outside it want the cores. Making one needs root and a writable
// cgroup file system (v1 `cpu` or v2 with the `cpu` controller); elsewhere there is none, and the
// caller runs the work after the rest instead.
import fs from "node:fs";
import path from "node:path";

const V1_CPU = "/sys/fs/cgroup/cpu";
const V2_ROOT = "/sys/fs/cgroup";

/**
 * @typedef {object} CpuIdleGroup
 * @property {string} dir the group's directory
 * @property {(command: string, args: string[]) => [string, string[]]} wrap the command and arguments
 *   that start `command` inside the group (its children stay in it)
 * @property {() => void} remove moves what is left in the group out of it and deletes the group
 */

/**
 * Where groups can be made here, and how the lowest weight is set: `cpu.idle` (Linux 5.15+) makes
 * the group idle-class; otherwise the least weight the interface allows.
 * @returns {{ parent: string, settings: [string, string][] } | undefined}
 */
function hierarchy() {
  const v2 = fs.existsSync(path.join(V2_ROOT, "cgroup.controllers"))
    ? fs.readFileSync(path.join(V2_ROOT, "cgroup.subtree_control"), "utf8").split(/\s+/).includes("cpu")
    : false;
  if (v2)
    return {
      parent: V2_ROOT,
      settings: [
        ["cpu.idle", "1"],
        ["cpu.weight", "1"],
      ],
    };
  if (fs.existsSync(path.join(V1_CPU, "cpu.shares"))) {
    return {
      parent: V1_CPU,
      settings: [
        ["cpu.idle", "1"],
        ["cpu.shares", "2"],
      ],
    };
  }
  return undefined;
}

/**
 * Makes a fresh idle CPU group, or returns undefined with the reason when this machine cannot.
 * @param {string} name
 * @returns {{ group: CpuIdleGroup } | { reason: string }}
 */
export function makeCpuIdleGroup(name) {
  if (process.platform !== "linux") return { reason: "CPU control groups are Linux's" };
  const found = hierarchy();
  if (!found) return { reason: "no cgroup file system with the cpu controller" };
  const dir = path.join(found.parent, `${name}-${process.pid}`);
  try {
    fs.mkdirSync(dir);
  } catch (error) {
    return { reason: `cannot make a control group (${/** @type {Error} */ (error).message})` };
  }
  // The first setting the kernel takes; idle-class first, the least weight otherwise.
  const applied = found.settings.find(([file, value]) => {
    try {
      fs.writeFileSync(path.join(dir, file), value);
      return true;
    } catch {
      return false;
    }
  });
  if (!applied) {
    fs.rmdirSync(dir);
    return { reason: "the control group's CPU weight cannot be set" };
  }
  const procs = path.join(dir, "cgroup.procs");
  return {
    group: {
      dir,
      // The shell joins the group, then becomes the command: nothing runs outside it first.
      wrap: (command, args) => ["/bin/sh", ["-c", 'echo $$ > "$0" && exec "$@"', procs, command, ...args]],
      remove() {
        const parentProcs = path.join(found.parent, "cgroup.procs");
        try {
          for (const pid of fs.readFileSync(procs, "utf8").split("\n").filter(Boolean)) {
            fs.writeFileSync(parentProcs, pid);
          }
          fs.rmdirSync(dir);
        } catch {
          // A process that ended meanwhile, or one still leaving: the empty group is harmless.
        }
      },
    },
  };
}
