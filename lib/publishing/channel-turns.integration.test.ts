import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { redis } from "@/lib/redis/client";
import { createChannelTurns } from "./channel-turns";

/**
 * Channels' turns on the shared Redis client: every turn given once per channel
 * and minute, however many dispatches ask at the same moment, and every counter with its expiry.
 */
describe("channel turns", () => {
  const prefix = `test-${randomUUID()}:channel-turns`;
  afterAll(async () => {
    const keys = await redis().keys(`${prefix}:*`);
    if (keys.length > 0) await redis().del(...keys);
  });

  it("gives each channel its turns in order, once each, to dispatches asking at the same moment", async () => {
    const turns = createChannelTurns(redis(), prefix);
    const [a, b] = [randomUUID(), randomUUID()];

    // Twenty dispatches at once, each for a story on both channels (and one on a alone).
    const answers = await Promise.all([...Array.from({ length: 20 }, () => turns([a, b])), turns([a])]);

    const ofA = answers.map((answer) => answer[0]).sort((x, y) => (x ?? 0) - (y ?? 0));
    const ofB = answers
      .slice(0, 20)
      .map((answer) => answer[1])
      .sort((x, y) => (x ?? 0) - (y ?? 0));
    expect(ofA).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
    expect(ofB).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    // Each minute's counter goes away by itself, two minutes on at most.
    const keys = await redis().keys(`${prefix}:*`);
    expect(keys).toHaveLength(2);
    for (const key of keys) {
      const ttl = await redis().pttl(key);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(120_000);
    }
  });

  it("answers nothing for no channels", async () => {
    expect(await createChannelTurns(redis(), prefix)([])).toEqual([]);
  });
});
