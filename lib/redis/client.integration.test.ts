import { afterEach, describe, expect, it } from "vitest";
import { env } from "@/lib/env";
import { startFreezingProxy } from "@/test/redis/freezing-proxy";
import { COMMAND_CLIENT_OPTIONS } from "./client";
import { createRedisClient } from "./topology";

/**
 * A command connection whose peer stops answering without closing (what a failover or a cut link
 * leaves behind) fails its commands after COMMAND_CLIENT_OPTIONS.commandTimeout instead of
 * leaving their callers (a sweep, a page) waiting for as long as the kernel keeps the socket.
 */
describe("the command connection's options", () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it("fail a command that gets no answer, after commandTimeout", async () => {
    const redisUrl = new URL(env().REDIS_URL);
    const proxy = await startFreezingProxy({ host: redisUrl.hostname, port: Number(redisUrl.port || 6379) });
    const client = createRedisClient(
      `redis://127.0.0.1:${proxy.port}${redisUrl.pathname}`,
      COMMAND_CLIENT_OPTIONS,
    );
    client.on("error", () => undefined);
    cleanups.push(
      () => proxy.close(),
      () => client.disconnect(),
    );
    expect(await client.ping()).toBe("PONG");

    proxy.freeze();
    const sentAt = Date.now();
    const outcome = await client.ping().then(
      () => "answered",
      (error: Error) => error.message,
    );
    const waitedMs = Date.now() - sentAt;

    expect(outcome).toBe("Command timed out");
    expect(waitedMs).toBeGreaterThanOrEqual(COMMAND_CLIENT_OPTIONS.commandTimeout - 50);
  }, 30_000);
});
