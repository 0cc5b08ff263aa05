// Integration tests write real rows: refuse to run against anything but a test database, so a
// stray DATABASE_URL can never touch demo or production data. scripts/test.mjs sets it.
const database = process.env.DATABASE_URL ? new URL(process.env.DATABASE_URL).pathname.slice(1) : "";
if (!/test/.test(database)) {
  throw new Error(
    `Integration tests need DATABASE_URL pointing at a test database (name containing "test"); got "${database || "unset"}". Run them with \`npm test\`.`,
  );
}

// Test receivers and media origins listen on 127.0.0.1, which the URL policy refuses by default.
process.env.ALLOW_PRIVATE_URLS ??= "true";

// No disconnect after each file: a worker runs many files in one process (vitest.config.ts,
// `isolate: false`), and the database pool, the Redis client and the queues the API and web
// modules keep for the process are shared by all of them, as in production. Vitest ends the
// worker's process when its files are done.
