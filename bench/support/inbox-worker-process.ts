/**
 * The inbox worker in a process of its own for bench/inbox.ts, so the deliveries' processing does
 * not share an event loop with the route whose acknowledgement the benchmark times.
 *
 *   node --import tsx bench/support/inbox-worker-process.ts   (stops on SIGTERM)
 */
import { disconnectDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { createLogger } from "@/lib/logger";
import { startInboxWorker } from "@/workers/inbox-worker";

const worker = startInboxWorker({
  config: env(),
  logger: createLogger("bench-inbox", "warn"),
  sweep: false,
  concurrency: Number(process.env.BENCH_CONCURRENCY ?? 8),
});
await worker.worker.waitUntilReady();
console.log("inbox worker ready");

process.once("SIGTERM", () => {
  void (async () => {
    await worker.close();
    await disconnectDb();
    process.exit(0);
  })();
});
