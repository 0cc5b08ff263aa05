import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, type Sql } from "@/lib/db/client";
import { scheduleStory } from "@/lib/stories/schedule-story";
import { type Pipeline, startPipeline } from "@/test/publishing/pipeline-test-kit";
import type { PipelineDeps } from "./deps";
import { publishTarget } from "./publish-target";

/**
 * What one publish costs the database (issue 17, "half the cost per target"): a single-frame
 * target is at most three transactions — the claim, the intent, the end with the platform's
 * answer; claims, intents and ends made at the same moment share one (statementBatcher) — and its
 * story's roll-up is part of the end of whichever target ends last, with no ORM call on the way
 * (its interpreter was a fifth of a burst's worker CPU). Counted at the pipeline's
 * own seams (its hand-written statements and its ORM client), so a change that adds a round trip
 * to the hot path fails here rather than only in the benchmark.
 */
describe("publish cost", () => {
  let p: Pipeline;
  beforeAll(async () => {
    p = await startPipeline();
  }, 60_000);
  afterAll(() => p.close());

  /** The deps with every transaction counted: a statement on its own is one, as Postgres counts. */
  function counted(deps: PipelineDeps) {
    const seen = {
      transactions: 0,
      roundTrips: 0,
      renewals: 0,
      claims: 0,
      intents: 0,
      ends: 0,
      orm: [] as string[],
    };
    const countOn = (sql: Sql, outside: boolean): Sql => ({
      query: (statement) => {
        if (outside) seen.transactions++;
        seen.roundTrips++;
        if (statement.sql.includes('SET "leaseExpiresAt"')) seen.renewals++;
        if (statement.sql.includes("claimed AS (")) seen.claims++;
        if (statement.sql.includes('"publishIntentAt" = l.now')) seen.intents++;
        return sql.query(statement);
      },
      execute: (statement) => {
        if (outside) seen.transactions++;
        seen.roundTrips++;
        if (statement.sql.includes('SET "leaseExpiresAt"')) seen.renewals++;
        return sql.execute(statement);
      },
      transaction: (work, options) => {
        seen.transactions++;
        seen.ends++;
        // BEGIN (with the opening statement, when there is one) and COMMIT.
        seen.roundTrips += 2;
        return sql.transaction((tx) => work(countOn(tx, false)), options);
      },
    });
    // Any use of the ORM client on the hot path is named here: there should be none.
    // (Its own members, read by the client itself, start with an underscore.)
    const orm = new Proxy(deps.db, {
      get(target, property, receiver) {
        if (typeof property === "string" && !property.startsWith("_")) seen.orm.push(property);
        return Reflect.get(target, property, receiver);
      },
    });
    return { deps: { ...deps, sql: countOn(deps.sql, true), db: orm }, seen };
  }

  it("a single-frame story on three channels: at most three transactions per target, the roll-up in the last one's, no lease renewal while held", async () => {
    const image = await p.image();
    const story = await scheduleStory(p.deps, p.ctx, {
      brandId: p.brand.id,
      channelIds: p.channels.map((c) => c.id),
      frames: [image.id],
      when: { at: new Date(Date.now() + 60_000).toISOString() },
    });
    // Due in a moment, as when the dispatch runs a little early: each run holds its target.
    const dueAt = new Date(Date.now() + 1_200);
    await db().story.update({
      where: { id: story.id },
      data: { status: "PUBLISHING", scheduledAt: dueAt },
    });
    const targets = await db().storyTarget.findMany({ where: { storyId: story.id } });
    expect(targets).toHaveLength(3);
    const { deps, seen } = counted(p.deps);

    // The three runs end at the same moment: the roll-up must still happen exactly once.
    const outcomes = await Promise.all(
      targets.map((t) =>
        publishTarget(deps, { targetId: t.id, workspaceId: p.workspace.id, storyVersion: story.version }),
      ),
    );

    expect(outcomes).toEqual(Array(3).fill({ kind: "ended", state: "PUBLISHED" }));
    // The three claims, then the three intents at the instant: the first of each goes alone, the
    // others with whatever is on its way by then.
    expect(seen.claims).toBeGreaterThanOrEqual(1);
    expect(seen.claims).toBeLessThanOrEqual(3);
    expect(seen.intents).toBeGreaterThanOrEqual(1);
    expect(seen.intents).toBeLessThanOrEqual(3);
    expect(seen.ends).toBeGreaterThanOrEqual(1);
    expect(seen.ends).toBeLessThanOrEqual(3);
    // Besides them, nothing.
    expect(seen.transactions).toBe(seen.claims + seen.intents + seen.ends);
    // Per end's transaction: BEGIN with the stories' locks, the end, COMMIT; and in the last
    // one's the roll-up (the story's status, then its notice).
    expect(seen.roundTrips).toBe(seen.claims + seen.intents + seen.ends * 3 + 2);
    expect(seen.renewals).toBe(0);
    expect(seen.orm).toEqual([]);
    const after = await db().story.findUniqueOrThrow({
      where: { id: story.id },
      select: { status: true, targets: { select: { publishedAt: true } } },
    });
    expect(after.status).toBe("PUBLISHED");
    // Rolled up exactly once: one notice to its author, not one per target that ended.
    const notices = await db().notification.findMany({
      where: { link: { endsWith: `/stories/${story.id}` } },
    });
    expect(notices.map((n) => [n.userId, n.kind])).toEqual([[p.ctx.userId, "story.published"]]);
    for (const target of after.targets)
      expect(target.publishedAt?.getTime()).toBeGreaterThanOrEqual(dueAt.getTime());
    const ledger = (await p.ledger()).filter((e) => e.mediaSha256 === image.checksum);
    expect(ledger).toHaveLength(3);
  });
});
