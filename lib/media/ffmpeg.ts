import { spawn } from "node:child_process";
import { constants } from "node:fs";
import { access, chmod } from "node:fs/promises";
import { createRequire } from "node:module";
import { AppError } from "@/lib/errors";

export type FfmpegBinaries = { ffmpeg: string; ffprobe: string };

const require = createRequire(import.meta.url);

/**
 * The binary path an installer package reports, or null when the package (or its platform
 * build) is missing. Each call site names its package literally: bundlers (Next's, for the web
 * process) can only keep a `require` external when they can see what it loads.
 */
function packagedPath(load: () => unknown): string | null {
  try {
    return (load() as { path: string }).path;
  } catch {
    return null;
  }
}

/**
 * Makes sure `path` can be run. npm here does not run install scripts, so the ffprobe package's
 * own `chmod u+x` may never have happened on a fresh install: set the bit ourselves, once, and
 * name the variable to set when that is not possible either.
 */
async function ensureExecutable(path: string, variable: string): Promise<void> {
  try {
    await access(path, constants.X_OK);
    return;
  } catch {
    // fall through: try to fix the mode
  }
  try {
    await access(path, constants.R_OK);
    await chmod(path, 0o755);
    await access(path, constants.X_OK);
  } catch {
    throw new Error(
      `${path} is missing or cannot be executed. Install ffmpeg and set ${variable} to its path, or reinstall the npm dependencies.`,
    );
  }
}

/**
 * The ffmpeg and ffprobe to run: FFMPEG_PATH / FFPROBE_PATH when configured, else the static
 * builds shipped in the @ffmpeg-installer / @ffprobe-installer npm packages.
 */
export async function resolveFfmpegBinaries(config: {
  FFMPEG_PATH?: string;
  FFPROBE_PATH?: string;
}): Promise<FfmpegBinaries> {
  const ffmpeg = config.FFMPEG_PATH ?? packagedPath(() => require("@ffmpeg-installer/ffmpeg"));
  const ffprobe = config.FFPROBE_PATH ?? packagedPath(() => require("@ffprobe-installer/ffprobe"));
  if (!ffmpeg) throw new Error("No ffmpeg found: set FFMPEG_PATH to an ffmpeg executable.");
  if (!ffprobe) throw new Error("No ffprobe found: set FFPROBE_PATH to an ffprobe executable.");
  await ensureExecutable(ffmpeg, "FFMPEG_PATH");
  await ensureExecutable(ffprobe, "FFPROBE_PATH");
  return { ffmpeg, ffprobe };
}

/** A run of ffmpeg/ffprobe that did not succeed; `stderrTail` holds the tool's last words. */
export class FfmpegError extends Error {
  constructor(
    message: string,
    readonly stderrTail: string,
    readonly timedOut = false,
  ) {
    super(message);
    this.name = "FfmpegError";
  }
}

const STDERR_TAIL = 4_000;

/**
 * Runs a binary to completion and returns its stdout. Bounded in time (SIGKILL at `timeoutMs`)
 * and stoppable through `signal` (a worker shutting down kills its encodes rather than waiting
 * minutes for them). stdout is collected (ffprobe's JSON is small); stderr keeps only its tail.
 */
export function runTool(
  binary: string,
  args: string[],
  options: { timeoutMs: number; signal?: AbortSignal },
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ["ignore", "pipe", "pipe"] });
    const stdout: Buffer[] = [];
    let stderr = "";
    let timedOut = false;
    const kill = () => child.kill("SIGKILL");
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, options.timeoutMs);
    options.signal?.addEventListener("abort", kill, { once: true });
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString("utf8")).slice(-STDERR_TAIL);
    });
    const finish = () => {
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", kill);
    };
    child.on("error", (error) => {
      finish();
      reject(new FfmpegError(`Could not start ${binary}: ${error.message}`, stderr));
    });
    child.on("close", (code, signal) => {
      finish();
      if (code === 0) return resolve(Buffer.concat(stdout).toString("utf8"));
      const why = timedOut
        ? `timed out after ${Math.round(options.timeoutMs / 100) / 10} s`
        : options.signal?.aborted
          ? "was stopped (the worker is shutting down)"
          : `exited with ${code ?? signal}`;
      reject(new FfmpegError(`${binary.split("/").pop()} ${why}`, stderr, timedOut));
    });
  });
}

/** The message a marketer sees when a file that passed the type check cannot be decoded. */
export function undecodable(kind: "video" | "image", detail: string): AppError {
  return new AppError(
    "INVALID_INPUT",
    `This ${kind} cannot be read (${detail}). Export it again from your editor or phone and upload the new file.`,
  );
}
