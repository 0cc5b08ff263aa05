/**
 * The insights worker in a process of its own for bench/insights.ts, so its CPU time
 * (process.cpuUsage) is the worker's alone: not the simulator's, not the benchmark driver's.
 *
 *   node --import tsx bench/support/insights-worker-process.ts   (with an IPC channel)
 *
 * Its clock is real time plus the offset the benchmark sends ({type: "clock", offsetMs}); it runs
 * a sweep when asked ({type: "sweep"}) instead of on a timer, reports its CPU time ({type: "cpu"})
 * and stops ({type: "stop"}). Every message is answered with {id, ...}.
 */
import { disconnectDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { createLogger } from "@/lib/logger";
import { startInsightsWorker } from "@/workers/insights-worker";

let offsetMs = 0;
const worker = startInsightsWorker({
  config: env(),
  logger: createLogger("bench-insights", "warn"),
  prefix: process.env.BENCH_PREFIX,
  sweep: false,
  concurrency: Number(process.env.BENCH_CONCURRENCY ?? 16),
  now: () => new Date(Date.now() + offsetMs),
});

type Message =
  | { id: number; type: "clock"; offsetMs: number }
  | { id: number; type: "sweep" | "cpu" | "stop" };

process.on("message", (message: Message) => {
  const reply = (body: object) => process.send?.({ id: message.id, ...body });
  void (async () => {
    switch (message.type) {
      case "clock":
        offsetMs = message.offsetMs;
        return reply({});
      case "sweep":
        return reply(await worker.sweepNow());
      case "cpu":
        return reply(process.cpuUsage());
      case "stop":
        await worker.close();
        await disconnectDb();
        reply({});
        process.exit(0);
    }
  })().catch((error: unknown) => reply({ error: error instanceof Error ? error.message : String(error) }));
});

await worker.worker.waitUntilReady();
process.send?.({ id: 0, ready: true });
