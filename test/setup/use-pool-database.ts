import { poolDatabaseUrl } from "./integration-pools";

// First set-up file of the integration projects, before anything reads the environment: this
// worker's files use its pool's database (test/setup/integration-pools.ts says why). A worker
// runs many files, and each runs this again: the test database's own URL is kept aside once.
process.env.STORYRELAY_TEST_BASE_DATABASE_URL ??= process.env.DATABASE_URL;
const base = process.env.STORYRELAY_TEST_BASE_DATABASE_URL;
if (base) process.env.DATABASE_URL = poolDatabaseUrl(base, Number(process.env.VITEST_POOL_ID ?? "1"));
