import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { redis } from "@/lib/redis/client";
import { checkHealth } from "./check-health";

describe("checkHealth", () => {
  const unreachable = new Redis({
    host: "127.0.0.1",
    port: 1,
    maxRetriesPerRequest: 0,
    lazyConnect: true,
    retryStrategy: () => null,
  });
  // Connection errors are what this test is about; without a listener ioredis prints them as unhandled.
  unreachable.on("error", () => {});
  afterAll(() => unreachable.disconnect());

  it("is ok when Postgres and Redis answer", async () => {
    const health = await checkHealth({ db: db(), redis: redis() });
    expect(health).toMatchObject({ ok: true, database: { ok: true }, redis: { ok: true } });
  });

  it("names Redis as the failing service, within its time bound", async () => {
    const started = Date.now();
    const health = await checkHealth({ db: db(), redis: unreachable });
    expect(health.ok).toBe(false);
    expect(health.database.ok).toBe(true);
    expect(health.redis).toMatchObject({ ok: false, error: expect.any(String) });
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
