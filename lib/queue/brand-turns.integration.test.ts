import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { env } from "@/lib/env";
import { createLogger } from "@/lib/logger";
import { TURN_BUCKET_MS, takeBrandTurns } from "./brand-turns";
import { createPublishQueues, enqueueDispatches, requeueDispatchesSafely } from "./publish-queues";

describe("brand turns for dispatch jobs", () => {
  const queues = createPublishQueues(env().REDIS_URL, `test-${randomUUID()}`, 1);
  afterAll(() => queues.close());
  // A minute well ahead, so no other test's bucket and no minute boundary mid-test.
  const minute = (Math.floor(Date.now() / TURN_BUCKET_MS) + 30) * TURN_BUCKET_MS;

  it("numbers each brand's stories due in one minute 1, 2, 3…, in request order and across calls", async () => {
    const turns = await takeBrandTurns(queues.dispatch, [
      { brandId: "busy", dueAt: minute },
      { brandId: "busy", dueAt: minute + 10_000 },
      { brandId: "quiet", dueAt: minute + 59_999 },
      { brandId: "busy", dueAt: minute + 1 },
      { brandId: "busy", dueAt: minute + TURN_BUCKET_MS },
    ]);
    expect(turns).toEqual([1, 2, 1, 3, 1]);
    expect(await takeBrandTurns(queues.dispatch, [{ brandId: "busy", dueAt: minute }])).toEqual([4]);

    const client = await queues.dispatch.getBackend().client;
    const before = Date.now();
    const ttl = Number(
      await client.runCommand("pttl", [queues.dispatch.toKey(`brand-turns:${minute / TURN_BUCKET_MS}`)]),
    );
    // Kept past the minute's end (10 minutes after it), then dropped.
    expect(ttl).toBeGreaterThan(minute + TURN_BUCKET_MS - Date.now());
    expect(ttl).toBeLessThanOrEqual(minute + TURN_BUCKET_MS + 10 * 60_000 - before);
  });

  it("gives a quiet brand's dispatch job the first turn even when it is added after a busy brand's burst", async () => {
    const at = new Date(minute + 2 * TURN_BUCKET_MS);
    const story = (id: string, brandId: string) => ({
      id,
      workspaceId: "ws",
      brandId,
      version: 1,
      scheduledAt: at,
    });
    await enqueueDispatches(
      queues,
      Array.from({ length: 5 }, (_, i) => story(`busy-${i}`, "burst")),
    );
    await enqueueDispatches(queues, [story("quiet-0", "calm")]);

    const priorities = async (ids: string[]) =>
      Promise.all(ids.map(async (id) => (await queues.dispatch.getJob(`dispatch-${id}-v1`))?.opts.priority));
    expect(await priorities(["busy-0", "busy-1", "busy-4", "quiet-0"])).toEqual([1, 2, 5, 1]);
    expect(await queues.dispatch.getDelayedCount()).toBe(6);
  });

  it("re-adds a lost dispatch job from the sweep without a turn, and leaves a queued one as it was", async () => {
    const at = new Date(minute + 4 * TURN_BUCKET_MS);
    const story = (id: string) => ({ id, workspaceId: "ws", brandId: "b", version: 1, scheduledAt: at });
    await enqueueDispatches(queues, [story("kept"), story("second")]);
    await queues.dispatch.remove("dispatch-second-v1");
    const logger = createLogger("brand-turns-test", "silent");
    await requeueDispatchesSafely({ queues, logger }, [story("kept"), story("second")]);

    expect((await queues.dispatch.getJob("dispatch-kept-v1"))?.opts.priority).toBe(1);
    const readded = await queues.dispatch.getJob("dispatch-second-v1");
    expect(readded?.data.storyId).toBe("second");
    expect(readded?.opts.priority ?? 0).toBe(0);
    // And the sweep took no turn: the brand's next story in that minute is its third.
    expect(await takeBrandTurns(queues.dispatch, [{ brandId: "b", dueAt: at.getTime() }])).toEqual([3]);
  });
});
