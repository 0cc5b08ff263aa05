import { type NodeChild, startNode } from "@/bench/support/processes";

/** A level, message and error of a worker's JSON log line; null for a line that is not one. */
export function parseLogLine(line: string): { level: number; msg?: string; err?: string } | null {
  try {
    const entry = JSON.parse(line) as { level?: unknown; msg?: unknown; err?: unknown };
    const err =
      typeof entry.err === "string" ? entry.err : (entry.err as { message?: unknown } | undefined)?.message;
    return typeof entry.level === "number"
      ? {
          level: entry.level,
          msg: typeof entry.msg === "string" ? entry.msg : undefined,
          err: typeof err === "string" ? err.slice(0, 100) : undefined,
        }
      : null;
  } catch {
    return null;
  }
}

/** Log lines counted by message and error, one "  n × what" line each; empty when there are none. */
export function summarizeLines(lines: string[]): string {
  const counts = new Map<string, number>();
  for (const line of lines) {
    const entry = parseLogLine(line);
    const what = entry?.msg ? `${entry.msg}${entry.err ? `: ${entry.err}` : ""}` : line.slice(0, 120);
    counts.set(what, (counts.get(what) ?? 0) + 1);
  }
  return [...counts].map(([what, n]) => `  ${n} × ${what}`).join("\n");
}

export type WorkerProcess = {
  node: NodeChild;
  ready: boolean;
  /** From its start to "workers ready" (bundling, then registering the sandbox accounts). */
  startupMs?: number;
};

/**
 * A real worker process of the publish kind (`node scripts/workers.mjs --kind publish`, what a
 * story going out runs on), through `launcher` when given (a test host's `ip netns exec`); what it
 * logs at warn and above goes to `logged`, and `onLine` sees every line.
 */
export function startWorkerProcess(options: {
  env: NodeJS.ProcessEnv;
  logged: string[];
  launcher?: string[];
  onLine?: (line: string) => void;
}): WorkerProcess {
  const startedAt = Date.now();
  const worker: WorkerProcess = {
    ready: false,
    node: startNode("scripts/workers.mjs", {
      env: options.env,
      args: ["--kind", "publish"],
      launcher: options.launcher,
      onLine: (line) => {
        options.onLine?.(line);
        const entry = parseLogLine(line);
        if (!entry || entry.level >= 40) options.logged.push(line);
        if (!worker.ready && entry?.msg === "workers ready") {
          worker.ready = true;
          worker.startupMs = Date.now() - startedAt;
        }
      },
    }),
  };
  return worker;
}
