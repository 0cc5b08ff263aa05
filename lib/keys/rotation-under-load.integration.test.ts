import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readCredentials } from "@/lib/channels/read-credentials";
import { createSecretBox } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import type { StoryStatus } from "@/lib/db/generated/enums";
import { env } from "@/lib/env";
import { scheduleStory } from "@/lib/stories/schedule-story";
import { eventually, type Pipeline, startPipeline } from "@/test/publishing/pipeline-test-kit";
import { rotateEncryptionKeys } from "./rotate-encryption-keys";

// keys:rotate while the pipeline publishes: the workers open either key (the old one, their
// channels' tokens are sealed with, and the new one), the rotation re-seals the tokens under
// them, and every story still publishes exactly once to every channel.
// The rotation goes to the environment's key, from one of this file's own, so rows of other
// files sharing the test database are never on the old key and never change.

const STORIES = 8;
const FINAL: StoryStatus[] = ["PUBLISHED", "PARTIAL", "FAILED", "EXPIRED", "CANCELED"];

describe("keys:rotate under load", () => {
  const old = { id: `old-${randomUUID().slice(0, 8)}`, key: randomBytes(32) };
  const now = { id: env().ENCRYPTION_KEY_ID, key: Buffer.from(env().ENCRYPTION_KEY, "base64") };
  let p: Pipeline;
  beforeAll(async () => {
    // Readers that know both keys, still sealing with the old one: a process not yet restarted.
    p = await startPipeline({}, { box: createSecretBox({ [old.id]: old.key, [now.id]: now.key }, old.id) });
  }, 60_000);
  afterAll(() => p.close());

  it("publishing goes on while every channel's token is re-sealed, and nothing fails", async () => {
    const keyIds = async () =>
      (
        await db().channelCredential.findMany({ where: { channelId: { in: p.channels.map((c) => c.id) } } })
      ).map((row) => row.keyId);
    expect(await keyIds()).toEqual([old.id, old.id, old.id]);

    const images = await Promise.all(Array.from({ length: STORIES }, () => p.image()));
    const stories: { id: string }[] = [];
    for (const image of images) {
      stories.push(
        await scheduleStory(p.deps, p.ctx, {
          brandId: p.brand.id,
          channelIds: p.channels.map((c) => c.id),
          frames: [image.id],
          when: { now: true },
        }),
      );
    }
    // Rotate as soon as publishing is under way, and again until it is over: each pass meets
    // targets in flight, reading tokens while they are re-sealed.
    await eventually(
      () =>
        db().storyTarget.count({
          where: { storyId: { in: stories.map((s) => s.id) }, state: { not: "PENDING" } },
        }),
      (started) => started > 0,
    );
    const rotating = createSecretBox({ [old.id]: old.key, [now.id]: now.key }, now.id);
    const passes = [];
    const settled = () =>
      db().story.count({ where: { id: { in: stories.map((s) => s.id) }, status: { in: FINAL } } });
    do {
      passes.push(await rotateEncryptionKeys({ db: db(), box: rotating }));
    } while ((await settled()) < STORIES && passes.length < 200);
    await eventually(settled, (n) => n === STORIES, 60_000);

    const done = await db().story.findMany({
      where: { id: { in: stories.map((s) => s.id) } },
      include: { targets: true },
    });
    expect(done.map((s) => s.status)).toEqual(Array(STORIES).fill("PUBLISHED"));
    const checksums = new Set(images.map((i) => i.checksum));
    const entries = (await p.ledger()).filter((e) => checksums.has(e.mediaSha256));
    expect(entries).toHaveLength(STORIES * p.channels.length);
    const resealed = passes.flat().find((line) => line.table === "ChannelCredential" && line.resealed > 0);
    expect(resealed, "the first pass re-sealed the channels' tokens").toBeTruthy();

    // On the new key; with the old one gone, the tokens still open.
    expect(await keyIds()).toEqual([now.id, now.id, now.id]);
    const newOnly = createSecretBox({ [now.id]: now.key }, now.id);
    for (const channel of p.channels)
      await expect(readCredentials(db(), newOnly, channel)).resolves.toBeTruthy();
  });
});
