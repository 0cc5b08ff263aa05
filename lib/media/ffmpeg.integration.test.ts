import { constants } from "node:fs";
import { access, chmod, copyFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testBinaries } from "@/test/media/test-media";
import { FfmpegError, resolveFfmpegBinaries, runTool } from "./ffmpeg";

describe("ffmpeg binaries and runs", () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "storyrelay-ffmpeg-"));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("makes a configured binary executable when its install script never ran", async () => {
    const { ffprobe } = await testBinaries();
    const copy = join(dir, "ffprobe-no-exec");
    await copyFile(ffprobe, copy);
    await chmod(copy, 0o644);
    const resolved = await resolveFfmpegBinaries({ FFMPEG_PATH: copy, FFPROBE_PATH: copy });
    expect(resolved).toEqual({ ffmpeg: copy, ffprobe: copy });
    await access(copy, constants.X_OK);
    expect(await runTool(copy, ["-version"], { timeoutMs: 10_000 })).toMatch(/^ffprobe version/);
  });

  it("names the variable to set when the configured binary does not exist", async () => {
    await expect(resolveFfmpegBinaries({ FFMPEG_PATH: join(dir, "missing") })).rejects.toThrow(
      /missing is missing or cannot be executed\. Install ffmpeg and set FFMPEG_PATH/,
    );
  });

  it("kills a run that exceeds its time limit, and one whose signal is aborted", async () => {
    const { ffmpeg } = await testBinaries();
    // An endless test source: it runs until killed.
    const endless = [
      "-v",
      "error",
      "-re",
      "-f",
      "lavfi",
      "-i",
      "testsrc=size=64x64:rate=10",
      "-f",
      "null",
      "-",
    ];
    const timedOut = await runTool(ffmpeg, endless, { timeoutMs: 300 }).catch((error: unknown) => error);
    expect(timedOut).toBeInstanceOf(FfmpegError);
    expect(timedOut).toMatchObject({ timedOut: true, message: "ffmpeg timed out after 0.3 s" });

    const stop = new AbortController();
    const running = runTool(ffmpeg, endless, { timeoutMs: 60_000, signal: stop.signal }).catch(
      (error: unknown) => error,
    );
    stop.abort();
    expect(await running).toMatchObject({ message: "ffmpeg was stopped (the worker is shutting down)" });
  });
});
