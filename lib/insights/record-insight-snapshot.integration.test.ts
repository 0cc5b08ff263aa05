import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { makeWorkspace } from "@/prisma/factories";
import { expectAppError } from "@/test/assert/expect-app-error";
import { type InsightsKit, startInsightsKit } from "@/test/insights/insights-test-kit";
import { type InsightSnapshotInput, recordInsightSnapshot } from "./record-insight-snapshot";

let kit: InsightsKit;

beforeAll(async () => {
  kit = await startInsightsKit();
}, 60_000);

afterAll(() => kit?.close());

const HOUR = 3_600_000;

/** A story published on Instagram in a workspace of its own, subscribed to story.insights_final. */
async function published(frames: number) {
  const space = await kit.workspace();
  await kit.subscribe(space);
  const story = await kit.publish(space, frames);
  const ig = story.targets.find((t) => t.channel.platform === "INSTAGRAM");
  if (!ig) throw new Error("no Instagram target");
  const at = (hours: number) => new Date((ig.frames[0]?.publishedAt?.getTime() ?? 0) + hours * HOUR);
  const record = (frame: number, input: Partial<InsightSnapshotInput>) =>
    recordInsightSnapshot(
      { db: db() },
      {
        workspaceId: space.workspace.id,
        targetFrameId: ig.frames[frame]?.id ?? "",
        slot: "H1",
        source: "POLL",
        outcome: "OK",
        capturedAt: at(1),
        numbers: {},
        ...input,
      },
    );
  const latest = (frame: number) =>
    db().frameInsight.findUniqueOrThrow({ where: { targetFrameId: ig.frames[frame]?.id ?? "" } });
  const finalEvents = () =>
    db().webhookDelivery.count({
      where: { workspaceId: space.workspace.id, eventType: "story.insights_final" },
    });
  return { space, story, ig, at, record, latest, finalEvents };
}

describe("recordInsightSnapshot", () => {
  it("records a slot once, keeps the frame's latest numbers by its rules, and emits story.insights_final once", async () => {
    const s = await published(1);

    expect(await s.record(0, { numbers: { reach: 10, views: 12 } })).toEqual({
      recorded: true,
      insightsFinal: false,
    });
    // A retried poll: nothing new.
    expect(await s.record(0, { numbers: { reach: 99 } })).toEqual({ recorded: false, insightsFinal: false });
    expect(await s.latest(0)).toMatchObject({ reach: 10, views: 12, outcome: "OK", final: false });

    // "Too few viewers" never replaces numbers; a thinned slot changes nothing.
    await s.record(0, { slot: "H6", outcome: "TOO_FEW_VIEWERS", capturedAt: s.at(6) });
    await s.record(0, { slot: "H12", outcome: "THINNED", capturedAt: s.at(12) });
    expect(await s.latest(0)).toMatchObject({ reach: 10, outcome: "OK" });

    // A newer reading replaces every metric, absent ones with null.
    await s.record(0, { slot: "H20", numbers: { reach: 40 }, capturedAt: s.at(20) });
    expect(await s.latest(0)).toMatchObject({ reach: 40, views: null });

    // The platform's webhook brings the final numbers: final, and the event goes out once.
    expect(
      await s.record(0, {
        slot: "FINAL",
        source: "WEBHOOK",
        numbers: { reach: 50, tapForward: 20 },
        capturedAt: s.at(24),
      }),
    ).toEqual({ recorded: true, insightsFinal: true });
    expect(await s.latest(0)).toMatchObject({ reach: 50, tapForward: 20, final: true });
    expect(await s.finalEvents()).toBe(1);

    // Our own final poll as well: stored, but no second event. The two finals merge: the
    // webhook's newer numbers stand, and the metrics only the poll has (views, shares) fill in.
    expect(
      await s.record(0, {
        slot: "FINAL",
        numbers: { reach: 48, views: 61, shares: 3 },
        capturedAt: s.at(23.5),
      }),
    ).toEqual({ recorded: true, insightsFinal: false });
    expect(await s.latest(0)).toMatchObject({
      reach: 50,
      tapForward: 20,
      views: 61,
      shares: 3,
      follows: null,
      final: true,
      capturedAt: s.at(24),
    });
    expect(await s.finalEvents()).toBe(1);
    expect(await db().insightSnapshot.count({ where: { targetId: s.ig.id } })).toBe(6);
  });

  it("emits story.insights_final once when every frame's final reading lands, even at the same moment", async () => {
    const s = await published(3);
    await s.record(0, { slot: "FINAL", numbers: { reach: 30 }, capturedAt: s.at(23.5) });
    expect(await s.finalEvents()).toBe(0);
    const both = await Promise.all([
      s.record(1, { slot: "FINAL", numbers: { reach: 20 }, capturedAt: s.at(23.5) }),
      s.record(2, { slot: "FINAL", numbers: { reach: 10 }, capturedAt: s.at(23.5) }),
    ]);
    expect(both.filter((result) => result.insightsFinal)).toHaveLength(1);
    expect(await s.finalEvents()).toBe(1);
    const delivery = await db().webhookDelivery.findFirstOrThrow({
      where: { workspaceId: s.space.workspace.id, eventType: "story.insights_final" },
    });
    expect(delivery.payload).toMatchObject({
      type: "story.insights_final",
      data: {
        target: {
          id: s.ig.id,
          frames: [
            { position: 0, numbers: { reach: 30 } },
            { position: 1, numbers: { reach: 20 } },
            { position: 2, numbers: { reach: 10 } },
          ],
        },
      },
    });
    // The last frame is marked for completion (last-frame viewers ÷ first-frame viewers).
    expect((await s.latest(2)).lastFrame).toBe(true);
    expect((await s.latest(0)).lastFrame).toBe(false);
  });

  it("refuses bad input, and another workspace's frame is not found; nothing is stored", async () => {
    const s = await published(1);
    const other = await makeWorkspace(db());
    await expectAppError(s.record(0, { numbers: { reach: -1 } }), "INVALID_INPUT");
    await expectAppError(s.record(0, { numbers: { reach: 1.5 } }), "INVALID_INPUT");
    await expectAppError(s.record(0, { slot: "FINAL", outcome: "THINNED" }), "INVALID_INPUT");
    await expectAppError(
      recordInsightSnapshot(
        { db: db() },
        {
          workspaceId: other.workspace.id,
          targetFrameId: s.ig.frames[0]?.id ?? "",
          slot: "H1",
          source: "POLL",
          outcome: "OK",
          capturedAt: s.at(1),
          numbers: { reach: 5 },
        },
      ),
      "NOT_FOUND",
    );
    expect(await db().insightSnapshot.count({ where: { targetId: s.ig.id } })).toBe(0);
    expect(await db().frameInsight.count({ where: { targetId: s.ig.id } })).toBe(0);
  });
});
