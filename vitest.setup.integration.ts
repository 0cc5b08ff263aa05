import { afterAll } from "vitest";
import { disconnectDb } from "@/lib/db/client";
import { disconnectRedis } from "@/lib/redis/client";

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

afterAll(async () => {
  await Promise.all([disconnectDb(), disconnectRedis()]);
});
