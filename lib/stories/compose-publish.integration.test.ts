import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { eventually, type Pipeline, startPipeline } from "@/test/publishing/pipeline-test-kit";
import { scheduleStory } from "./schedule-story";

// Per-channel overrides through the real pipeline: the simulators receive exactly the frames each
// channel was given, in story order, and a WhatsApp channel's own caption goes with the first
// frame it shows.

describe("publishing a composed story with per-channel overrides", () => {
  let p: Pipeline;
  beforeAll(async () => {
    p = await startPipeline();
  }, 60_000);
  afterAll(() => p.close());

  it("sends each channel its frames and WhatsApp its own caption", async () => {
    const frames = [await p.image(), await p.image(), await p.image()];
    const whatsapp = p.channel("WHATSAPP");
    const facebook = p.channel("FACEBOOK");
    const story = await scheduleStory(p.deps, p.ctx, {
      brandId: p.brand.id,
      channelIds: p.channels.map((c) => c.id),
      frames: frames.map((f) => f.id),
      whatsappText: "For every WhatsApp channel",
      overrides: [
        { channelId: whatsapp.id, frames: [2, 1], caption: "Only this WhatsApp" },
        { channelId: facebook.id, frames: [0] },
      ],
      when: { now: true },
    });
    const done = await eventually(
      () => db().story.findUniqueOrThrow({ where: { id: story.id } }),
      (s) => !["SCHEDULED", "PUBLISHING"].includes(s.status),
      30_000,
    );
    expect(done.status).toBe("PUBLISHED");

    const ledger = await p.ledger();
    const sent = (accountId = "") =>
      ledger
        .filter((e) => e.accountId === accountId && frames.some((f) => f.checksum === e.mediaSha256))
        .map((e) => frames.findIndex((f) => f.checksum === e.mediaSha256));
    expect(sent(p.channel("INSTAGRAM").externalAccountId)).toEqual([0, 1, 2]);
    expect(sent(facebook.externalAccountId)).toEqual([0]);
    expect(sent(whatsapp.externalAccountId)).toEqual([1, 2]);

    const statuses = [...p.simulator.state.wahaStatuses.values()].filter((s) =>
      frames.some((f) => f.checksum === s.sha256),
    );
    expect(statuses.map((s) => [frames.findIndex((f) => f.checksum === s.sha256), s.text])).toEqual([
      [1, "Only this WhatsApp"],
      [2, undefined],
    ]);
  });
});
