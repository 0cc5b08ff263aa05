/**
 * Media processing speed: what an uploader waits for before a file is Ready.
 *
 *   npm run bench:media [-- --quick]
 *
 * - photo: a 12-megapixel (4000×3000) noisy JPEG, made with sharp, processed into its 1080×1920
 *   story rendition plus thumbnail exactly as the media worker does (renderStoryImage +
 *   thumbnailOf), for both fits; 1 warm-up + 7 runs each (3 with --quick). Target: ≤ 1.5 s.
 * - video: a 60 s 1920×1080 30 fps H.264/AAC clip (lavfi test pattern with grain added so it does
 *   not compress unrealistically well; 10 s with --quick), probed and transcoded to the 9:16
 *   1080×1920 H.264 High/AAC faststart rendition (cover fit), one run, timed end to end.
 *
 * Uses the npm-shipped ffmpeg unless FFMPEG_PATH/FFPROBE_PATH are exported. Prints a table and,
 * last, one JSON line; saves bench/results/media-latest.json.
 */
import { mkdir, mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { resolveFfmpegBinaries, runTool } from "@/lib/media/ffmpeg";
import { renderStoryImage, thumbnailOf } from "@/lib/media/image-rendition";
import { probeVideo } from "@/lib/media/probe";
import { planVideo, renderStoryVideo } from "@/lib/media/video-rendition";
import { distribution, round1 } from "./support/stats";

const quick = process.argv.includes("--quick");
const PHOTO_RUNS = quick ? 3 : 7;
const VIDEO_SECONDS = quick ? 10 : 60;

async function timed<T>(work: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const result = await work();
  return [performance.now() - start, result];
}

async function photoBench() {
  const photo = await sharp({
    create: {
      width: 4000,
      height: 3000,
      channels: 3,
      background: "#6080a0",
      noise: { type: "gaussian", mean: 120, sigma: 45 },
    },
  })
    .jpeg({ quality: 90 })
    .withMetadata({ orientation: 6 })
    .toBuffer();
  const results: Record<string, ReturnType<typeof distribution>> = {};
  for (const fit of ["COVER", "CONTAIN_BLUR"] as const) {
    const once = async () => {
      const story = await renderStoryImage(photo, { fit, focal: { x: 0.3, y: 0.5 } });
      await thumbnailOf(story.bytes);
    };
    await once(); // warm-up: library load, caches
    const times: number[] = [];
    for (let i = 0; i < PHOTO_RUNS; i++) times.push((await timed(once))[0]);
    results[fit] = distribution(times);
  }
  return { inputBytes: photo.byteLength, megapixels: 12, runs: PHOTO_RUNS, ms: results };
}

async function videoBench(dir: string) {
  const binaries = await resolveFfmpegBinaries({});
  const input = join(dir, "source-1080p.mp4");
  const [generateMs] = await timed(() =>
    runTool(
      binaries.ffmpeg,
      [
        "-v",
        "error",
        "-y",
        "-f",
        "lavfi",
        "-i",
        `testsrc2=size=1920x1080:rate=30:duration=${VIDEO_SECONDS}`,
        "-f",
        "lavfi",
        "-i",
        `sine=frequency=440:duration=${VIDEO_SECONDS}`,
        "-vf",
        "noise=alls=12:allf=t",
        "-c:v",
        "libx264",
        "-preset",
        "ultrafast",
        "-pix_fmt",
        "yuv420p",
        "-c:a",
        "aac",
        "-shortest",
        input,
      ],
      { timeoutMs: 1_800_000 },
    ),
  );
  const output = join(dir, "story.mp4");
  const [transcodeMs, plan] = await timed(async () => {
    const probe = await probeVideo(binaries, input);
    const plan = planVideo(probe, { split: false });
    await renderStoryVideo(
      { binaries, input, output, probe, fit: "COVER", focal: { x: 0.5, y: 0.5 }, keyframesAt: [] },
      plan,
    );
    return plan;
  });
  const result = await probeVideo(binaries, output);
  return {
    seconds: VIDEO_SECONDS,
    input: {
      width: 1920,
      height: 1080,
      fps: 30,
      bytes: (await stat(input)).size,
      generateMs: round1(generateMs),
    },
    plan: plan.action,
    output: {
      width: result.width,
      height: result.height,
      codec: result.videoCodec,
      profile: result.profile,
      bytes: (await stat(output)).size,
    },
    transcodeMs: round1(transcodeMs),
    realtimeFactor: round1(((VIDEO_SECONDS * 1000) / transcodeMs) * 100) / 100,
  };
}

async function main() {
  const dir = await mkdtemp(join(tmpdir(), "storyrelay-bench-media-"));
  try {
    const photo = await photoBench();
    const video = await videoBench(dir);
    const report = {
      bench: "media",
      at: new Date().toISOString(),
      quick,
      machine: {
        cpus: cpus().length,
        model: cpus()[0]?.model ?? "unknown",
        loadavg1m: round1(loadavg()[0] ?? 0),
      },
      photo,
      video,
    };
    console.log("\nphoto 12 MP → 1080×1920 story JPEG + thumbnail (ms)");
    console.table(
      Object.fromEntries(
        Object.entries(photo.ms).map(([fit, d]) => [fit, { p50: d.p50, p95: d.p95, max: d.max, n: d.n }]),
      ),
    );
    console.log(
      `video ${video.seconds} s 1080p → ${video.output.width}×${video.output.height} ${video.output.codec} ${video.output.profile}: ` +
        `${(video.transcodeMs / 1000).toFixed(1)} s (${video.realtimeFactor}× real time, plan ${video.plan})`,
    );
    await mkdir(join(import.meta.dirname, "results"), { recursive: true });
    await writeFile(
      join(import.meta.dirname, "results", "media-latest.json"),
      `${JSON.stringify(report, null, 2)}\n`,
    );
    console.log(JSON.stringify(report));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
