import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

export type NodeChild = {
  child: ChildProcess;
  /** The node process that runs the script (not a wrapper), so kill -9 and /proc hit the right one. */
  pid: number;
  exited: Promise<number | null>;
};

/**
 * Runs a script in a child node process: TypeScript through `node --import tsx` rather than the
 * `tsx` CLI, since the CLI starts node as a grandchild, so a SIGKILL to the pid we know would
 * leave the real worker running, and /proc/<pid>/status would describe the wrapper's memory, not
 * the worker's. JavaScript (scripts/workers.mjs, which runs the bundled workers) runs as is.
 * `onLine` sees every stdout line (workers log JSON there); stderr goes to ours.
 */
export function startNode(
  script: string,
  options: {
    env: NodeJS.ProcessEnv;
    args?: string[];
    /** Options for node itself, e.g. ["--cpu-prof"] (which NODE_OPTIONS does not accept). */
    nodeArgs?: string[];
    ipc?: boolean;
    onLine?: (line: string) => void;
    /**
     * A command that runs node for us and execs it, so the pid is still node's, e.g.
     * ["ip", "netns", "exec", "<namespace>"] for a test host (test/net/test-hosts.ts).
     */
    launcher?: string[];
  },
): NodeChild {
  const loader = script.endsWith(".ts") ? ["--import", "tsx"] : [];
  const [command, ...launcherArgs] = [...(options.launcher ?? []), process.execPath];
  const child = spawn(
    command ?? process.execPath,
    [...launcherArgs, ...(options.nodeArgs ?? []), ...loader, script, ...(options.args ?? [])],
    {
      cwd: repoRoot,
      env: options.env,
      stdio: ["ignore", "pipe", "inherit", ...(options.ipc ? (["ipc"] as const) : [])],
    },
  );
  if (child.pid === undefined) throw new Error(`could not start ${script}`);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  if (child.stdout) {
    const lines = createInterface({ input: child.stdout });
    lines.on("line", (line) => options.onLine?.(line));
  }
  return { child, pid: child.pid, exited };
}

/** Resolves with the first stdout line `pick` accepts (its return value), or rejects on exit or timeout. */
export function waitForLine<T>(
  start: (onLine: (line: string) => void) => NodeChild,
  pick: (line: string) => T | undefined,
  timeoutMs: number,
): Promise<{ process: NodeChild; value: T }> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const process = start((line) => {
      if (settled) return;
      const value = pick(line);
      if (value === undefined) return;
      settled = true;
      clearTimeout(timer);
      resolve({ process, value });
    });
    const timer = setTimeout(() => {
      settled = true;
      reject(new Error(`no ready line within ${timeoutMs} ms`));
    }, timeoutMs);
    void process.exited.then((code) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(new Error(`child exited with ${code} before it was ready`));
    });
  });
}

/** Stops a child politely, then by force if it does not exit in time. */
export async function stopChild(child: NodeChild, graceMs = 10_000): Promise<void> {
  if (child.child.exitCode !== null || child.child.signalCode !== null) return;
  child.child.kill("SIGTERM");
  const timer = setTimeout(() => child.child.kill("SIGKILL"), graceMs);
  await child.exited;
  clearTimeout(timer);
}

/** Peak resident set size of a live process in MB (VmHWM), or undefined once it is gone. */
export function peakRssMb(pid: number): number | undefined {
  return statusMb(pid, "VmHWM");
}

/** Current resident set size of a live process in MB (VmRSS). */
export function rssMb(pid: number): number | undefined {
  return statusMb(pid, "VmRSS");
}

function statusMb(pid: number, field: "VmHWM" | "VmRSS"): number | undefined {
  try {
    const line = readFileSync(`/proc/${pid}/status`, "utf8")
      .split("\n")
      .find((l) => l.startsWith(`${field}:`));
    const kb = Number(line?.split(/\s+/)[1]);
    return Number.isFinite(kb) ? kb / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** CPU seconds (user + system) a process has used so far; 0 once it is gone. */
export function cpuSeconds(pid: number): number {
  try {
    // Fields after the command name, which may contain spaces: utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** Pids of the Postgres backends serving `database` (their title is "postgres: … <user> <database> …"). */
export function postgresBackends(database: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const title = readFileSync(`/proc/${entry}/cmdline`, "utf8");
      if (title.startsWith("postgres: ") && title.split(" ").includes(database)) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** Busy and total CPU time of the whole machine (every core), in clock ticks, from /proc/stat. */
export function machineTicks(): { busy: number; total: number } {
  const [, ...values] = (readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "")
    .split(/\s+/)
    .filter(Boolean);
  const ticks = values.map(Number);
  const total = ticks.reduce((sum, v) => sum + v, 0);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0); // idle + iowait
  return { busy: total - idle, total };
}
