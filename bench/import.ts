/**
 * Bulk planning: a 5,000-row plan CSV, dry run and import. Is it fast enough?
 *
 *   npm run bench:import [-- --rows 5000]
 *
 * Recreates a database of its own (storyrelay_bench_import), seeds one workspace with a brand
 * (Europe/Berlin), a sandbox channel per platform and one READY image, and writes a plan of
 * `--rows` stories spread over April 2027 (two channels, one frame each). Then it times, in this
 * process, dryRunPlan over the file and importPlan of it (the same dry run, then scheduleStory
 * per row, dispatch jobs added to a BullMQ queue under a prefix of its own that nobody consumes
 * and that is removed afterwards), and the same import again (every row skipped).
 *
 * Targets: dry run ≤ 5 s, import ≤ 30 s. Prints a table and, as the last line, one JSON object;
 * saves bench/results/import-latest.json.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { cpus, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db, disconnectDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { PLAN_COLUMNS } from "@/lib/import/csv-format";
import { dryRunPlan } from "@/lib/import/dry-run-plan";
import { importPlan } from "@/lib/import/import-plan";
import { createLogger } from "@/lib/logger";
import { createPublishQueues } from "@/lib/queue/publish-queues";
import { makeBrand, makeMediaAsset, makeSandboxChannels, makeWorkspace } from "@/prisma/factories";
import { jpeg } from "@/test/media/media-fixtures";
import { argument, databaseUrls, recreateDatabase } from "./support/bench-database";
import { saveResult } from "./support/save-result";
import { round2 } from "./support/stats";

const DATABASE = "storyrelay_bench_import";
const ROWS = Number(argument("--rows") ?? 5_000);
const TARGET_DRY_RUN_S = 5;
const TARGET_IMPORT_S = 30;
/** Before the plan's month, so every row is in the future and within the schedule horizon. */
const NOW = new Date("2027-03-01T00:00:00Z");

const rate = (rows: number, seconds: number) => Math.round(rows / seconds);

async function main(): Promise<void> {
  const { databaseUrl, adminUrl } = databaseUrls(DATABASE);
  Object.assign(process.env, {
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
    AUTH_SECRET: process.env.AUTH_SECRET ?? randomBytes(32).toString("base64"),
    ENCRYPTION_KEY: process.env.ENCRYPTION_KEY ?? randomBytes(32).toString("base64"),
    LOG_LEVEL: "warn",
  });
  console.log(`import benchmark: ${cpus().length} cores, load average ${loadavg().map(round2).join(" ")}`);
  console.log(`  database ${DATABASE} (recreated), a plan of ${ROWS} rows`);
  await recreateDatabase(DATABASE, adminUrl, databaseUrl);

  const { workspace, ctx } = await makeWorkspace(db(), { name: "Import Bench" });
  const brand = await makeBrand(db(), workspace.id, { name: "Bench Brand", timeZone: "Europe/Berlin" });
  const channels = await makeSandboxChannels(db(), secretBoxFromEnv(env()), brand, ["INSTAGRAM", "FACEBOOK"]);
  const media = await makeMediaAsset(db(), workspace.id, {
    kind: "IMAGE",
    bytes: jpeg(),
    mimeType: "image/jpeg",
  });
  const lines = Array.from({ length: ROWS }, (_, i) => {
    const day = String((i % 30) + 1).padStart(2, "0");
    const minutes = 6 * 60 + ((Math.floor(i / 30) * 5) % (16 * 60));
    const time = `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
    const names = channels.map((c) => c.displayName).join(";");
    return `${brand.name},${names},2027-04-${day},${time},,${media.id},,,"Bench story ${i}"`;
  });
  const file = new TextEncoder().encode(`${PLAN_COLUMNS.join(",")}\n${lines.join("\n")}\n`);

  const queues = createPublishQueues(env().REDIS_URL, `bench-import-${randomUUID()}`);
  const deps = { db: db(), queues, logger: createLogger("bench", "warn"), now: () => NOW };
  try {
    let started = performance.now();
    const report = await dryRunPlan(deps, ctx, file, { brandId: brand.id });
    const dryRunS = (performance.now() - started) / 1000;
    if (report.problems.length > 0)
      throw new Error(`the bench plan has problems: ${report.problems[0]?.problem}`);

    started = performance.now();
    const imported = await importPlan(deps, ctx, file, { brandId: brand.id });
    const importS = (performance.now() - started) / 1000;
    if (imported.status !== "done" || imported.created !== ROWS) {
      throw new Error(`the import did not create every row: ${JSON.stringify(imported).slice(0, 300)}`);
    }
    started = performance.now();
    const again = await importPlan(deps, ctx, file, { brandId: brand.id });
    const againS = (performance.now() - started) / 1000;
    if (again.status !== "done" || again.skipped !== ROWS)
      throw new Error("the second import was not a no-op");

    const rows: [string, number][] = [
      ["dry run", dryRunS],
      ["import", importS],
      ["import again (all skipped)", againS],
    ];
    console.log(`\n  ${"".padEnd(30)}${["seconds", "rows/s"].map((h) => h.padStart(10)).join("")}`);
    for (const [name, s] of rows) {
      console.log(
        `  ${name.padEnd(30)}${[round2(s), rate(ROWS, s)].map((v) => String(v).padStart(10)).join("")}`,
      );
    }
    const dryRunPass = dryRunS <= TARGET_DRY_RUN_S;
    const importPass = importS <= TARGET_IMPORT_S;
    console.log(`\n  target dry run ≤ ${TARGET_DRY_RUN_S} s: ${dryRunPass ? "met" : "MISSED"}`);
    console.log(`  target import ≤ ${TARGET_IMPORT_S} s: ${importPass ? "met" : "MISSED"}`);
    const result = {
      at: new Date().toISOString(),
      rows: ROWS,
      cores: cpus().length,
      loadAverage: loadavg().map(round2),
      dryRun: { seconds: round2(dryRunS), rowsPerSecond: rate(ROWS, dryRunS) },
      import: { seconds: round2(importS), rowsPerSecond: rate(ROWS, importS) },
      importAgain: { seconds: round2(againS), rowsPerSecond: rate(ROWS, againS) },
      targetDryRunSeconds: TARGET_DRY_RUN_S,
      targetImportSeconds: TARGET_IMPORT_S,
      pass: dryRunPass && importPass,
    };
    await saveResult("import-latest.json", result);
    if (!result.pass) process.exitCode = 1;
  } finally {
    await queues.dispatch.obliterate({ force: true }).catch(() => undefined);
    await queues.close();
    await disconnectDb();
  }
}

await main();
