import type { Redis } from "ioredis";

/**
 * A sweep every worker process runs on a timer, done by one of them per period: a Redis lock that
 * lives a little less than the period decides which. The sweeps repair what a crash or a lost
 * Redis left behind (the database is the truth), so a missed period costs nothing but time; a
 * failure is reported and the next period tries again.
 */
export function startPeriodicSweep(options: {
  redis: Pick<Redis, "set">;
  lockKey: string;
  intervalMs: number;
  run: () => Promise<void>;
  onError: (error: unknown) => void;
}): { stop(): void } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    try {
      const lockMs = Math.max(100, options.intervalMs - 500);
      if (await options.redis.set(options.lockKey, String(process.pid), "PX", lockMs, "NX")) {
        await options.run();
      }
    } catch (error) {
      options.onError(error);
    }
    if (!stopped) timer = setTimeout(() => void tick(), options.intervalMs).unref();
  };
  void tick();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
