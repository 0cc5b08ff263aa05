/**
 * The process that builds one data export for bench/export.ts: it loads everything the export
 * worker loads, says it is ready (so the bench reads its baseline memory), waits for "go" on
 * stdin's IPC channel, runs the export's job code (lib/exports/run-data-export.ts) exactly as the
 * worker does, and prints the outcome as one JSON line.
 */
import { db, disconnectDb } from "@/lib/db/client";
import { runDataExport } from "@/lib/exports/run-data-export";
import { createLogger } from "@/lib/logger";
import { LocalDiskMediaStorage } from "@/lib/media/storage";

const [exportId = "", workspaceId = "", mediaDir = ""] = process.argv.slice(2);
const deps = {
  db: db(),
  storage: new LocalDiskMediaStorage(mediaDir),
  logger: createLogger("bench", "warn"),
};
await deps.db.$queryRaw`SELECT 1`;
console.log(JSON.stringify({ ready: true }));
process.once("message", async () => {
  const started = performance.now();
  const outcome = await runDataExport(deps, { exportId, workspaceId });
  console.log(JSON.stringify({ outcome, ms: Math.round(performance.now() - started) }));
  await disconnectDb();
  process.disconnect?.();
});
