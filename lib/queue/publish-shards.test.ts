import { describe, expect, it } from "vitest";
import { publishShardName, publishShardOf } from "./publish-queues";

describe("publish shards", () => {
  it("puts a target on the same shard every time, and spreads many targets over all shards", () => {
    const ids = Array.from({ length: 4_000 }, (_, i) => `cmtarget${i.toString(36).padStart(8, "0")}`);
    expect(ids.map((id) => publishShardOf(id, 4))).toEqual(ids.map((id) => publishShardOf(id, 4)));
    const counts = [0, 0, 0, 0];
    for (const id of ids) counts[publishShardOf(id, 4)] = (counts[publishShardOf(id, 4)] ?? 0) + 1;
    for (const count of counts) expect(count).toBeGreaterThan(800);
    expect(ids.every((id) => publishShardOf(id, 1) === 0)).toBe(true);
  });

  it("keeps the unsharded queue name for shard 0", () => {
    expect([0, 1, 3].map(publishShardName)).toEqual([
      "target-publish",
      "target-publish-1",
      "target-publish-3",
    ]);
  });
});
