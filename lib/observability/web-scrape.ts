import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { redisTargetOf } from "@/lib/redis/topology";
import { registerScrapeGauges } from "./scrape-gauges";

const holder = globalThis as { storyRelayWebGauges?: ReturnType<typeof registerScrapeGauges> };

/** The web's scrape-time gauges (queue depth, token expiry), set up on the first scrape. */
export function ensureWebScrapeGauges(): void {
  holder.storyRelayWebGauges ??= registerScrapeGauges({
    db: db(),
    redisUrl: redisTargetOf(env()),
    publishShards: env().PUBLISH_QUEUE_SHARDS,
  });
}
