import { startPrivateRedis } from "@/bench/support/private-redis";
import { defineCrashTest } from "@/test/publishing/crash-scenario";

/**
 * Exactly once under crashes (test/publishing/crash-scenario.ts): worker processes kill -9'd at
 * random while stories fall due, and a private Redis restarted (losing every job) a third of the
 * way through and flushed two thirds of the way.
 */
defineCrashTest({
  chaosName: "a Redis restart and a flush",
  async startRedis() {
    const redis = await startPrivateRedis();
    return {
      workerEnv: { REDIS_URL: redis.url },
      target: redis.url,
      events: [
        { atShareOfSpread: 1 / 3, run: () => redis.restart() },
        { atShareOfSpread: 2 / 3, run: () => redis.flush() },
      ],
      stop: () => redis.stop(),
    };
  },
});
