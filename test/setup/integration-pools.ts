/**
 * Integration files run four at a time (vitest.config.ts), and each runs against a database of
 * its own worker ("pool"): <test db>_w1 … _w4, cloned from the migrated test database before the
 * run. Sharing one database let a file's sweep (which, like production's, is global) dispatch
 * the stories another file had just scheduled in the past of its simulated clock. Redis needs no
 * such split: every test's queues and workers carry a BullMQ prefix of their own.
 */
export const INTEGRATION_POOLS = 4;

/**
 * The database of pool `poolId` (1-based) beside the test database `base`. Vitest runs side by
 * side (scripts/test.mjs) each name a lane, STORYRELAY_TEST_LANE, so their pools are apart.
 */
export function poolDatabaseUrl(base: string, poolId: number): string {
  const url = new URL(base);
  const lane = process.env.STORYRELAY_TEST_LANE;
  url.pathname = `/${url.pathname.slice(1)}${lane ? `_${lane}` : ""}_w${poolId}`;
  return url.toString();
}
