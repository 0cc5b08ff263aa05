/**
 * Data export at scale: a brand of 10,000 stories and 2 GB of media, exported to one ZIP, then
 * the same brand deleted for good (issue 16's benchmark names both).
 *
 *   npm run bench:export [-- --stories 10000 --media-mb 2048 --file-mb 1]
 *
 * Recreates a database of its own (storyrelay_bench_export), seeds the brand with
 * bench/support/large-brand.ts (media as random bytes, which do not compress, on local disk in a
 * temporary folder), then runs the export's job code (lib/exports/run-data-export.ts) in a child
 * process loaded like a worker (bench/support/export-process.ts) and watches that process: wall
 * time, the ZIP's size, and its peak resident memory (VmHWM) above what it held once loaded and
 * before the export started. Target: RSS growth ≤ 100 MB, i.e. memory stays flat while 2 GB pass.
 *
 * Then the hard delete of that brand (lib/privacy/hard-delete-brand.ts, as the deletion sweep runs
 * it once the grace period is over), in this process: its time, and a check that nothing is left
 * (rows naming the brand, files in the media folder: its media and the export's archive).
 *
 * Prints a table and, as the last line, one JSON object; saves bench/results/export-latest.json.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db, disconnectDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { createLogger } from "@/lib/logger";
import { LocalDiskMediaStorage } from "@/lib/media/storage";
import { hardDeleteBrand } from "@/lib/privacy/hard-delete-brand";
import { publisherFor } from "@/lib/publishers/registry";
import { createEndpointResolver } from "@/lib/publishing/endpoints";
import { disconnectRedis, redis } from "@/lib/redis/client";
import { redisTargetOf } from "@/lib/redis/topology";
import { argument, databaseUrls, recreateDatabase } from "./support/bench-database";
import { seedLargeBrand } from "./support/large-brand";
import { peakRssMb, rssMb, startNode, waitForLine } from "./support/processes";
import { saveResult } from "./support/save-result";
import { round1, round2 } from "./support/stats";

const DATABASE = "storyrelay_bench_export";
const STORIES = Number(argument("--stories") ?? 10_000);
const MEDIA_MB = Number(argument("--media-mb") ?? 2_048);
const FILE_MB = Number(argument("--file-mb") ?? 1);
const TARGET_RSS_GROWTH_MB = 100;

async function main(): Promise<void> {
  const { databaseUrl, adminUrl } = databaseUrls(DATABASE);
  Object.assign(process.env, {
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
    AUTH_SECRET: process.env.AUTH_SECRET ?? randomBytes(32).toString("base64"),
    ENCRYPTION_KEY: process.env.ENCRYPTION_KEY ?? randomBytes(32).toString("base64"),
    LOG_LEVEL: "warn",
  });
  console.log(`export benchmark: ${cpus().length} cores, load average ${loadavg().map(round2).join(" ")}`);
  console.log(
    `  database ${DATABASE} (recreated), ${STORIES} stories, ${MEDIA_MB} MB of media in ${FILE_MB} MB files`,
  );
  await recreateDatabase(DATABASE, adminUrl, databaseUrl);
  const mediaDir = await mkdtemp(join(tmpdir(), "storyrelay-bench-export-"));
  try {
    const seedStart = performance.now();
    const brand = await seedLargeBrand(db(), new LocalDiskMediaStorage(mediaDir), {
      stories: STORIES,
      mediaFiles: Math.round(MEDIA_MB / FILE_MB),
      mediaFileBytes: FILE_MB * 1024 * 1024,
      onProgress: (text) => console.log(`  seeding: ${text}`),
    });
    console.log(`  seeded in ${round1((performance.now() - seedStart) / 1000)} s`);
    const row = await db().dataExport.create({
      data: { workspaceId: brand.workspaceId, brandId: brand.brandId, createdById: brand.ownerId },
    });

    const { process: child } = await waitForLine(
      (onLine) =>
        startNode("bench/support/export-process.ts", {
          env: process.env,
          args: [row.id, brand.workspaceId, mediaDir],
          ipc: true,
          onLine: (line) => {
            onLine(line);
            lines.push(line);
          },
        }),
      (line) => (line.includes('"ready"') ? true : undefined),
      60_000,
    );
    const baselineMb = rssMb(child.pid) ?? 0;
    let peakMb = baselineMb;
    const sampler = setInterval(() => {
      peakMb = Math.max(peakMb, peakRssMb(child.pid) ?? 0);
    }, 200);
    const started = performance.now();
    child.child.send("go");
    const result = await new Promise<{ outcome: string; ms: number }>((resolve, reject) => {
      const timer = setInterval(() => {
        const line = lines.find((l) => l.includes('"outcome"'));
        if (line) {
          clearInterval(timer);
          resolve(JSON.parse(line));
        }
      }, 100);
      void child.exited.then((code) => {
        clearInterval(timer);
        const line = lines.find((l) => l.includes('"outcome"'));
        if (line) resolve(JSON.parse(line));
        else reject(new Error(`export process exited with ${code}`));
      });
    });
    peakMb = Math.max(peakMb, peakRssMb(child.pid) ?? 0);
    clearInterval(sampler);
    const wallS = (performance.now() - started) / 1000;
    await child.exited;
    const done = await db().dataExport.findUniqueOrThrow({ where: { id: row.id } });
    const archiveMb = Number(done.sizeBytes ?? 0n) / 1024 / 1024;
    const growthMb = peakMb - baselineMb;
    console.log("");
    console.log(`  outcome            ${result.outcome}${done.error ? ` (${done.error})` : ""}`);
    console.log(`  time               ${round1(wallS)} s (${round1(MEDIA_MB / wallS)} MB/s of media)`);
    console.log(`  archive            ${round1(archiveMb)} MB`);
    console.log(`  RSS baseline       ${round1(baselineMb)} MB`);
    console.log(`  RSS peak           ${round1(peakMb)} MB`);
    console.log(
      `  RSS growth         ${round1(growthMb)} MB (target ≤ ${TARGET_RSS_GROWTH_MB}: ${growthMb <= TARGET_RSS_GROWTH_MB ? "met" : "MISSED"})`,
    );

    // The same brand, deleted for good. The seeded channel holds no token, so its revocation is
    // recorded as failed at once (best-effort by design) rather than waiting on a platform.
    const filesBefore = await countFiles(mediaDir);
    const deleteStart = performance.now();
    const report = await hardDeleteBrand(
      {
        db: db(),
        redis: redis(),
        queues: { target: redisTargetOf(env()), publishShards: env().PUBLISH_QUEUE_SHARDS },
        storage: new LocalDiskMediaStorage(mediaDir),
        box: secretBoxFromEnv(env()),
        logger: createLogger("bench-deletion", "warn"),
        publisherFor,
        endpointsFor: createEndpointResolver(env()),
        now: () => new Date(),
      },
      { workspaceId: brand.workspaceId, brandId: brand.brandId },
    );
    const deleteS = (performance.now() - deleteStart) / 1000;
    const [storiesLeft, assetsLeft, exportsLeft, filesLeft] = await Promise.all([
      db().story.count({ where: { brandId: brand.brandId } }),
      db().mediaAsset.count({ where: { workspaceId: brand.workspaceId } }),
      db().dataExport.count({ where: { brandId: brand.brandId } }),
      countFiles(mediaDir),
    ]);
    const nothingLeft = storiesLeft + assetsLeft + exportsLeft + filesLeft === 0;
    console.log(
      `  deletion           ${round1(deleteS)} s: ${report.files} of ${filesBefore} files, ${STORIES} stories; left: ${storiesLeft} stories, ${assetsLeft} media rows, ${exportsLeft} exports, ${filesLeft} files (${nothingLeft ? "nothing" : "NOT EMPTY"})`,
    );
    await saveResult("export-latest.json", {
      bench: "export",
      at: new Date().toISOString(),
      cores: cpus().length,
      loadAverage: loadavg().map(round2),
      stories: STORIES,
      mediaMb: MEDIA_MB,
      mediaFiles: brand.mediaKeys.length,
      outcome: result.outcome,
      seconds: round1(wallS),
      archiveMb: round1(archiveMb),
      rssBaselineMb: round1(baselineMb),
      rssPeakMb: round1(peakMb),
      rssGrowthMb: round1(growthMb),
      targetRssGrowthMb: TARGET_RSS_GROWTH_MB,
      met: result.outcome === "done" && growthMb <= TARGET_RSS_GROWTH_MB,
      deletion: { seconds: round1(deleteS), files: report.files, nothingLeft },
    });
  } finally {
    await rm(mediaDir, { recursive: true, force: true });
    await Promise.all([disconnectDb(), disconnectRedis()]);
  }
}

/** Files below `dir`, at any depth. */
async function countFiles(dir: string): Promise<number> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).length;
}

const lines: string[] = [];

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
