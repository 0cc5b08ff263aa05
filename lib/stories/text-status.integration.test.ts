import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { expectAppError } from "@/test/assert/expect-app-error";
import { eventually, type Pipeline, startPipeline } from "@/test/publishing/pipeline-test-kit";
import { getStory } from "./get-story";
import { scheduleStory } from "./schedule-story";
import { contentOfStory } from "./story-content";

// Text statuses (a WhatsApp status that is text on a colour, no media) through the real pipeline:
// Postgres, BullMQ workers and the WAHA simulator over HTTP.

describe("text statuses", () => {
  let p: Pipeline;
  beforeAll(async () => {
    p = await startPipeline();
  }, 60_000);
  afterAll(() => p.close());

  const settled = (storyId: string) =>
    eventually(
      () =>
        db().story.findUniqueOrThrow({
          where: { id: storyId },
          include: { targets: { include: { frames: { orderBy: { position: "asc" } } } } },
        }),
      (s) => !["SCHEDULED", "PUBLISHING"].includes(s.status),
      30_000,
    );
  const statusesWith = (texts: string[]) =>
    [...p.simulator.state.wahaStatuses.values()]
      .filter((s) => s.kind === "text" && texts.includes(s.text ?? ""))
      .sort((a, b) => a.createdAt - b.createdAt);

  it("publishes a text-only story to WhatsApp once, even when the gateway's answer is lost", async () => {
    const whatsapp = p.channel("WHATSAPP");
    const text = `Open till 9 tonight ${Date.now()}`;
    // The status is posted, then the answer never arrives: the retry sends the same message id
    // again (stored before the first send) and the gateway answers with the existing status.
    await p.fault({
      platform: "whatsapp",
      accountId: whatsapp.externalAccountId,
      operation: "send_text",
      kind: "http_status",
      status: 504,
      when: "after",
      count: 1,
    });
    const story = await scheduleStory(p.deps, p.ctx, {
      brandId: p.brand.id,
      channelIds: [whatsapp.id],
      frames: [{ text, backgroundColor: "#8E24AA" }],
      when: { now: true },
    });
    const done = await settled(story.id);
    expect(done.status).toBe("PUBLISHED");
    expect(done.targets[0]?.attemptCount).toBe(2);

    const statuses = statusesWith([text]);
    expect(statuses.map((s) => [s.text, s.backgroundColor, s.deletedAt])).toEqual([
      [text, "#8E24AA", undefined],
    ]);
    expect(done.targets[0]?.frames[0]?.externalMediaId).toBe(statuses[0]?.id);
    const ledger = await p.ledger();
    expect(ledger.filter((e) => e.externalId === statuses[0]?.id)).toHaveLength(1);

    // What the story page, the API and the composer read back.
    const shown = await getStory(db(), p.ctx, story.id);
    expect(shown.frames.map((f) => [f.mediaAsset, f.text, f.backgroundColor])).toEqual([
      [null, text, "#8E24AA"],
    ]);
    expect((await contentOfStory(db(), p.ctx, story.id)).frames).toEqual([
      { text, backgroundColor: "#8E24AA" },
    ]);
  });

  it("sends Instagram only the image and WhatsApp the text status then the captioned image", async () => {
    const image = await p.image();
    const instagram = p.channel("INSTAGRAM");
    const whatsapp = p.channel("WHATSAPP");
    const text = `New in store ${Date.now()}`;
    const story = await scheduleStory(p.deps, p.ctx, {
      brandId: p.brand.id,
      channelIds: [instagram.id, whatsapp.id],
      frames: [{ text }, image.id],
      whatsappText: "Caption for the photo",
      overrides: [{ channelId: instagram.id, frames: [1] }],
      when: { now: true },
    });
    const done = await settled(story.id);
    expect(done.status).toBe("PUBLISHED");

    const ledger = await p.ledger();
    const onInstagram = ledger.filter((e) => e.accountId === instagram.externalAccountId);
    expect(onInstagram.filter((e) => e.mediaSha256 === image.checksum)).toHaveLength(1);
    expect(onInstagram.some((e) => e.platform === "whatsapp")).toBe(false);

    const [textStatus] = statusesWith([text]);
    const imageStatus = [...p.simulator.state.wahaStatuses.values()].find((s) => s.sha256 === image.checksum);
    // No colour chosen: WhatsApp's green, as WAHA's examples use.
    expect(textStatus).toMatchObject({ kind: "text", text, backgroundColor: "#38b42f" });
    // The caption goes with the first image or video; a text status carries its own text.
    expect(imageStatus).toMatchObject({ kind: "image", text: "Caption for the photo" });
    expect((textStatus?.createdAt ?? Infinity) <= (imageStatus?.createdAt ?? 0)).toBe(true);
    const whatsappTarget = done.targets.find((t) => t.channelId === whatsapp.id);
    expect(whatsappTarget?.frames.map((f) => f.externalMediaId)).toEqual([textStatus?.id, imageStatus?.id]);
  });

  it("tells the person on a handoff channel the text statuses to post", async () => {
    const handoff = await db().channel.create({
      data: {
        workspaceId: p.workspace.id,
        brandId: p.brand.id,
        platform: "WHATSAPP",
        externalAccountId: `handoff-${Date.now()}`,
        displayName: "WhatsApp (posted by hand)",
        config: { mode: "handoff", assigneeUserId: p.ctx.userId },
      },
    });
    const story = await scheduleStory(p.deps, p.ctx, {
      brandId: p.brand.id,
      channelIds: [handoff.id],
      frames: [{ text: "Doors open at 8" }, { text: "Bring a friend", backgroundColor: "#e53935" }],
      when: { now: true },
    });
    const target = await db().storyTarget.findFirstOrThrow({ where: { storyId: story.id } });
    const notice = await eventually(
      () =>
        db().notification.findFirst({
          where: {
            workspaceId: p.workspace.id,
            kind: "handoff.due",
            link: { endsWith: `/handoffs/${target.id}` },
          },
        }),
      (n) => n !== null,
    );
    expect(notice?.body).toBe(
      'It is due now. Text statuses: "Doors open at 8", "Bring a friend". Post it, then mark it posted.',
    );
    const shown = await getStory(db(), p.ctx, story.id);
    expect(shown.frames.map((f) => f.backgroundColor)).toEqual([null, "#e53935"]);
  });

  it("refuses a text status for Instagram with the reason and a fix, writing nothing", async () => {
    const image = await p.image();
    const before = await db().story.count({ where: { workspaceId: p.workspace.id } });
    const error = await expectAppError(
      scheduleStory(p.deps, p.ctx, {
        brandId: p.brand.id,
        channelIds: [p.channel("INSTAGRAM").id],
        frames: [image.id, { text: "Hello", backgroundColor: "#1e88e5" }],
        when: { now: true },
      }),
      "INVALID_INPUT",
    );
    expect(error.message).toBe(
      "Frame 2: Text status: Instagram Stories needs an image or a video, it has no text-only story — leave it out for Instagram Stories?",
    );
    expect(await db().story.count({ where: { workspaceId: p.workspace.id } })).toBe(before);
  });

  it("refuses text over 700 characters and a colour that is not #RRGGBB, writing nothing", async () => {
    const before = await db().story.count({ where: { workspaceId: p.workspace.id } });
    const schedule = (frame: { text: string; backgroundColor?: string }) =>
      scheduleStory(p.deps, p.ctx, {
        brandId: p.brand.id,
        channelIds: [p.channel("WHATSAPP").id],
        frames: [frame],
        when: { now: true },
      });
    const long = await expectAppError(schedule({ text: "x".repeat(701) }), "INVALID_INPUT");
    expect(long.message).toMatch(/WhatsApp text statuses are at most 700 characters/);
    const colour = await expectAppError(schedule({ text: "Hi", backgroundColor: "purple" }), "INVALID_INPUT");
    expect(colour.message).toMatch(/Use a colour like #38B42F/);
    expect(await db().story.count({ where: { workspaceId: p.workspace.id } })).toBe(before);
  });

  it("the database refuses a frame with neither media nor text, or with both", async () => {
    const image = await p.image();
    const story = await db().story.create({
      data: { workspaceId: p.workspace.id, brandId: p.brand.id, title: "check constraint" },
    });
    const frame = { workspaceId: p.workspace.id, storyId: story.id, position: 0 };
    await expect(db().storyFrame.create({ data: frame })).rejects.toThrow(/StoryFrame_media_or_text/);
    await expect(
      db().storyFrame.create({ data: { ...frame, mediaAssetId: image.id, text: "both" } }),
    ).rejects.toThrow(/StoryFrame_media_or_text/);
    await expect(
      db().storyFrame.create({ data: { ...frame, mediaAssetId: image.id, backgroundColor: "#000000" } }),
    ).rejects.toThrow(/StoryFrame_background_color/);
    expect(await db().storyFrame.count({ where: { storyId: story.id } })).toBe(0);
  });
});
