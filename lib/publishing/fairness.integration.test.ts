import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerSandboxAccounts } from "@/lib/channels/register-sandbox-accounts";
import { db } from "@/lib/db/client";
import { createLogger } from "@/lib/logger";
import { scheduleStory } from "@/lib/stories/schedule-story";
import { makeBrand, makeSandboxChannels } from "@/prisma/factories";
import { eventually, type Pipeline, startPipeline } from "@/test/publishing/pipeline-test-kit";

const BUSY_STORIES = 200;
// The pipeline kit's publish concurrency.
const PUBLISH_SLOTS = 20;

describe("fairness between brands", () => {
  let p: Pipeline;
  beforeAll(async () => {
    // Room for the busy brand's whole backlog within Instagram's 24 h quota.
    p = await startPipeline({ instagram: { quotaTotal: 10_000 } });
  }, 60_000);
  afterAll(() => p.close());

  it("a brand with hundreds of stories due at once does not make another brand's story wait behind them", async () => {
    const quiet = await makeBrand(db(), p.workspace.id, { timeZone: "Europe/Berlin" });
    const quietChannels = await makeSandboxChannels(db(), p.deps.box, quiet);
    await registerSandboxAccounts({
      db: db(),
      box: p.deps.box,
      simulatorUrl: p.simulator.url,
      logger: createLogger("fairness-test", "silent"),
    });
    const image = await p.image();
    // Every story must be scheduled before this instant, or the busy ones start before the quiet
    // one exists and the test proves nothing: scheduling 200 took over 8 s in a loaded full run.
    const dueAt = new Date(Date.now() + 25_000).toISOString();
    const busyIds: string[] = [];
    for (let i = 0; i < BUSY_STORIES; i++) {
      const story = await scheduleStory(p.deps, p.ctx, {
        brandId: p.brand.id,
        channelIds: p.channels.map((c) => c.id),
        frames: [image.id],
        when: { at: dueAt },
      });
      busyIds.push(story.id);
    }
    // Scheduled last, due at the same instant: first come, first served would publish it last.
    const quietStory = await scheduleStory(p.deps, p.ctx, {
      brandId: quiet.id,
      channelIds: quietChannels.map((c) => c.id),
      frames: [image.id],
      when: { at: dueAt },
    });

    expect(Date.now(), "all stories scheduled before their time").toBeLessThan(Date.parse(dueAt));

    const storyIds = [...busyIds, quietStory.id];
    const targets = await eventually(
      () =>
        db().storyTarget.findMany({
          where: { storyId: { in: storyIds } },
          select: { storyId: true, state: true, publishedAt: true },
          orderBy: { publishedAt: "asc" },
        }),
      (rows) => rows.every((t) => t.state === "PUBLISHED"),
      90_000,
    );
    expect(targets).toHaveLength(storyIds.length * 3);
    const quietRanks = targets.flatMap((t, rank) => (t.storyId === quietStory.id ? [rank] : []));
    // The order in which the publish slots took the targets: each target's first attempt.
    const attempts = await db().publishAttempt.findMany({
      where: { attemptNumber: 1, target: { storyId: { in: storyIds } } },
      select: { target: { select: { storyId: true } } },
      orderBy: [{ startedAt: "asc" }, { id: "asc" }],
    });
    const quietTakes = attempts.flatMap((a, rank) => (a.target.storyId === quietStory.id ? [rank] : []));
    console.log(
      `fairness: the quiet brand's targets taken at ranks ${quietTakes.join(", ")} and published at ranks ${quietRanks.join(", ")} of ${targets.length}`,
    );
    expect(quietRanks).toHaveLength(3);
    expect(quietTakes).toHaveLength(3);
    // The dispatch takes one story per brand per round (brand turns), so the quiet story is in its
    // first round; its targets then go ahead of the busy brand's queued ones (channel turns). So
    // they are among the first round of the kit's 20 publish slots, held together until the
    // story's time, or the second when the first filled up while it was dispatched; never behind
    // the busy brand's 600. (Without brand turns, a loaded run dispatched it last: rank 108.)
    expect(Math.max(...quietTakes)).toBeLessThan(2 * PUBLISH_SLOTS);
    expect(Math.max(...quietRanks)).toBeLessThan(2 * PUBLISH_SLOTS);
  }, 120_000);
});
