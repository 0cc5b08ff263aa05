import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { eventually, type Pipeline, startPipeline } from "@/test/publishing/pipeline-test-kit";
import { scheduleStory } from "./schedule-story";
import { contentOfStory } from "./story-content";

// Stickers planned per frame, through the real pipeline: stored with their positions, the ones an
// API can add (Instagram's mentions) reach the simulator; a channel with any other is handed to a
// person (decision 023, tested in lib/publishing/handoff.integration.test.ts) and never called.

describe("planned stickers", () => {
  let p: Pipeline;
  beforeAll(async () => {
    p = await startPipeline();
  }, 60_000);
  afterAll(() => p.close());

  it("stores them per frame and sends Instagram the mentions, where they were placed", async () => {
    const frames = [await p.image(), await p.image()];
    const instagram = p.channel("INSTAGRAM");
    const story = await scheduleStory(p.deps, p.ctx, {
      brandId: p.brand.id,
      channelIds: [instagram.id],
      frames: frames.map((f) => f.id),
      stickers: [
        { frame: 1, kind: "mention", username: "@acme.partner", x: 0.25, y: 0.75 },
        { frame: 0, kind: "mention", username: "acme.shop", x: 0.5, y: 0.3 },
      ],
      when: { now: true },
    });

    expect((await contentOfStory(db(), p.ctx, story.id)).stickers).toEqual([
      { frame: 0, kind: "mention", username: "acme.shop", x: 0.5, y: 0.3 },
      { frame: 1, kind: "mention", username: "acme.partner", x: 0.25, y: 0.75 },
    ]);

    const done = await eventually(
      () => db().story.findUniqueOrThrow({ where: { id: story.id } }),
      (s) => !["SCHEDULED", "PUBLISHING"].includes(s.status),
      30_000,
    );
    expect(done.status).toBe("PUBLISHED");
    const ledger = (await p.ledger()).filter((e) => frames.some((f) => f.checksum === e.mediaSha256));
    expect(ledger.map((e) => [frames.findIndex((f) => f.checksum === e.mediaSha256), e.userTags])).toEqual([
      [0, [{ username: "acme.shop", x: 0.5, y: 0.3 }]],
      [1, [{ username: "acme.partner", x: 0.25, y: 0.75 }]],
    ]);
  });

  it("keeps every kind in its frame's order; a sticker no API adds hands the channel to a person (decision 023)", async () => {
    const frames = [await p.image(), await p.image()];
    const instagram = p.channel("INSTAGRAM");
    const story = await scheduleStory(p.deps, p.ctx, {
      brandId: p.brand.id,
      channelIds: [instagram.id],
      frames: frames.map((f) => f.id),
      stickers: [
        { frame: 1, kind: "mention", username: "@acme.partner", x: 0.25, y: 0.75 },
        { frame: 1, kind: "link", url: "https://example.com/sale", x: 0.5, y: 0.5 },
        { frame: 0, kind: "poll", text: "Red or blue?", x: 0.5, y: 0.3 },
      ],
      when: { now: true },
    });
    expect((await contentOfStory(db(), p.ctx, story.id)).stickers).toEqual([
      { frame: 0, kind: "poll", text: "Red or blue?", x: 0.5, y: 0.3 },
      { frame: 1, kind: "mention", username: "acme.partner", x: 0.25, y: 0.75 },
      { frame: 1, kind: "link", url: "https://example.com/sale", x: 0.5, y: 0.5 },
    ]);
    await eventually(
      () => db().storyTarget.findFirstOrThrow({ where: { storyId: story.id } }),
      (t) => t.state === "AWAITING_PERSON",
      30_000,
    );
    expect((await p.ledger()).filter((e) => frames.some((f) => f.checksum === e.mediaSha256))).toEqual([]);
  });

  it("sends WhatsApp a link sticker as the link in the caption", async () => {
    const image = await p.image();
    const whatsapp = p.channel("WHATSAPP");
    const story = await scheduleStory(p.deps, p.ctx, {
      brandId: p.brand.id,
      channelIds: [whatsapp.id],
      frames: [image.id],
      whatsappText: "Our new bakery",
      stickers: [{ frame: 0, kind: "link", url: "https://example.com/bakery", x: 0.5, y: 0.8 }],
      when: { now: true },
    });
    const done = await eventually(
      () => db().story.findUniqueOrThrow({ where: { id: story.id } }),
      (s) => !["SCHEDULED", "PUBLISHING"].includes(s.status),
      30_000,
    );
    expect(done.status).toBe("PUBLISHED");
    const statuses = [...p.simulator.state.wahaStatuses.values()];
    expect(statuses.find((s) => s.sha256 === image.checksum)?.text).toBe(
      "Our new bakery\nhttps://example.com/bakery",
    );
  });

  it.each([
    [
      "a frame the story does not have",
      { frame: 1, kind: "mention", username: "acme", x: 0.5, y: 0.5 },
      "A sticker names a frame the story does not have.",
    ],
    [
      "a text status",
      { frame: 0, kind: "link", url: "https://example.com", x: 0.5, y: 0.5 },
      "Frame 1 is a text status: stickers go on a picture or video.",
    ],
  ] as const)("refuses a sticker on %s and writes nothing", async (_name, sticker, message) => {
    const before = await db().story.count({ where: { workspaceId: p.ctx.workspaceId } });
    const whatsapp = p.channel("WHATSAPP");
    const frame = sticker.frame === 0 ? { text: "Hello" } : (await p.image()).id;
    await expect(
      scheduleStory(p.deps, p.ctx, {
        brandId: p.brand.id,
        channelIds: [whatsapp.id],
        frames: [frame],
        stickers: [sticker],
        when: { now: true },
      }),
    ).rejects.toMatchObject({ code: "INVALID_INPUT", message, details: { fields: { stickers: message } } });
    expect(await db().story.count({ where: { workspaceId: p.ctx.workspaceId } })).toBe(before);
  });
});
