import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countText, TEXT_LIMITS } from "@/lib/core/text-limits";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { createPublishQueues, type PublishQueues } from "@/lib/queue/publish-queues";
import { makeMember, makeScheduledStory, makeUser, makeWorkspace } from "@/prisma/factories";
import { expectAppError } from "@/test/assert/expect-app-error";
import { resolveUnconfirmed } from "./resolve-unconfirmed";

describe("resolveUnconfirmed", () => {
  let queues: PublishQueues;
  beforeAll(() => {
    queues = createPublishQueues(env().REDIS_URL, `test-${randomUUID()}`);
  });
  afterAll(async () => {
    await queues.dispatch.obliterate({ force: true }).catch(() => undefined);
    await queues.close();
  });

  /**
   * A two-frame story whose Instagram target could not be confirmed: frame 0 went out, frame 1
   * was sent (intent recorded) without an answer. Facebook published both, so the story ended
   * PARTIAL, as the pipeline leaves it.
   */
  async function unconfirmedStory() {
    const owner = await makeUser(db(), { name: "Olivia Owner" });
    const { workspace, ctx } = await makeWorkspace(db(), { ownerId: owner.id });
    const { story } = await makeScheduledStory(db(), queues, ctx, {
      platforms: ["INSTAGRAM", "FACEBOOK"],
      frameCount: 2,
    });
    await db().story.update({
      where: { id: story.id },
      data: { status: "PARTIAL", publishedAt: new Date() },
    });
    const targets = await db().storyTarget.findMany({
      where: { storyId: story.id },
      include: { channel: true },
    });
    const unconfirmed = targets.find((t) => t.channel.platform === "INSTAGRAM");
    const published = targets.find((t) => t.channel.platform === "FACEBOOK");
    if (!unconfirmed || !published) throw new Error("targets missing");
    const intentAt = new Date(Date.now() - 60_000);
    await db().storyTarget.update({
      where: { id: unconfirmed.id },
      data: {
        state: "UNCONFIRMED",
        lastErrorClass: "RETRYABLE",
        lastErrorMessage: "Could not confirm whether the story went out after 6 attempts.",
      },
    });
    await db().storyTargetFrame.update({
      where: { targetId_position: { targetId: unconfirmed.id, position: 0 } },
      data: { state: "PUBLISHED", externalMediaId: "m-0", publishIntentAt: intentAt, publishedAt: intentAt },
    });
    await db().storyTargetFrame.update({
      where: { targetId_position: { targetId: unconfirmed.id, position: 1 } },
      data: { state: "PUBLISHING", externalContainerId: "c-1", publishIntentAt: intentAt },
    });
    await db().storyTarget.update({ where: { id: published.id }, data: { state: "PUBLISHED" } });
    await db().storyTargetFrame.updateMany({
      where: { targetId: published.id },
      data: { state: "PUBLISHED" },
    });
    return { workspace, ctx, story, unconfirmed, published, intentAt };
  }

  const load = (targetId: string) =>
    db().storyTarget.findUniqueOrThrow({
      where: { id: targetId },
      include: { frames: { orderBy: { position: "asc" } }, story: true },
    });

  it('"it went out": the target and its unanswered frame are published, the story is published', async () => {
    const { ctx, story, unconfirmed, intentAt } = await unconfirmedStory();
    const result = await resolveUnconfirmed(db(), ctx, story.id, unconfirmed.id, {
      outcome: "published",
      note: "Seen on the phone",
    });
    expect(result).toEqual({ targetState: "PUBLISHED", storyStatus: "PUBLISHED" });
    const target = await load(unconfirmed.id);
    expect(target.state).toBe("PUBLISHED");
    expect(target.publishedAt?.getTime()).toBe(intentAt.getTime());
    expect(target.frames.map((f) => f.state)).toEqual(["PUBLISHED", "PUBLISHED"]);
    expect(target.frames[1]?.publishedAt?.getTime()).toBe(intentAt.getTime());
    expect(target.lastErrorMessage).toBe("Confirmed as published by Olivia Owner: Seen on the phone");
    expect(target.story.status).toBe("PUBLISHED");
    const audit = await db().auditLog.findFirstOrThrow({ where: { entityId: unconfirmed.id } });
    expect(audit).toMatchObject({ action: "story.target.resolve", actorUserId: ctx.userId });
    expect(audit.data).toMatchObject({ outcome: "published", note: "Seen on the phone" });
  });

  it('"it did not go out": the target fails with who said so, and the story stays partial', async () => {
    const { ctx, story, unconfirmed } = await unconfirmedStory();
    const result = await resolveUnconfirmed(db(), ctx, story.id, unconfirmed.id, {
      outcome: "not_published",
    });
    expect(result).toEqual({ targetState: "FAILED", storyStatus: "PARTIAL" });
    const target = await load(unconfirmed.id);
    expect(target).toMatchObject({
      state: "FAILED",
      lastErrorMessage: "Marked as not published by Olivia Owner.",
    });
    expect(target.frames.map((f) => f.state)).toEqual(["PUBLISHED", "FAILED"]);
    expect(target.story.status).toBe("PARTIAL");
  });

  it("refuses a target that is not unconfirmed, and a second verdict", async () => {
    const { ctx, story, unconfirmed, published } = await unconfirmedStory();
    await expectAppError(
      resolveUnconfirmed(db(), ctx, story.id, published.id, { outcome: "not_published" }),
      "CONFLICT",
    );
    await resolveUnconfirmed(db(), ctx, story.id, unconfirmed.id, { outcome: "published" });
    await expectAppError(
      resolveUnconfirmed(db(), ctx, story.id, unconfirmed.id, { outcome: "not_published" }),
      "CONFLICT",
    );
    expect((await load(unconfirmed.id)).state).toBe("PUBLISHED");
  });

  it("refuses a note past the limit in the counter's words, keeping the whole note unsaved", async () => {
    // The form had maxLength=500, which cut a pasted note without a word; it now counts instead,
    // and the server's refusal is the sentence the counter shows.
    const { ctx, story, unconfirmed } = await unconfirmedStory();
    const error = await expectAppError(
      resolveUnconfirmed(db(), ctx, story.id, unconfirmed.id, {
        outcome: "published",
        note: "n".repeat(TEXT_LIMITS.note.max + 1),
      }),
      "INVALID_INPUT",
    );
    expect(error.details.fields?.note).toBe(countText("note", "n".repeat(501)).message);
    expect((await load(unconfirmed.id)).state).toBe("UNCONFIRMED");
  });

  it("refuses an unknown outcome, another workspace, and a viewer", async () => {
    const { workspace, ctx, story, unconfirmed } = await unconfirmedStory();
    await expectAppError(
      resolveUnconfirmed(db(), ctx, story.id, unconfirmed.id, { outcome: "maybe" as "published" }),
      "INVALID_INPUT",
    );
    const stranger = await makeWorkspace(db());
    await expectAppError(
      resolveUnconfirmed(db(), stranger.ctx, story.id, unconfirmed.id, { outcome: "published" }),
      "NOT_FOUND",
    );
    const viewer = await makeMember(db(), workspace, "VIEWER");
    await expectAppError(
      resolveUnconfirmed(db(), viewer, story.id, unconfirmed.id, { outcome: "published" }),
      "FORBIDDEN",
    );
    expect((await load(unconfirmed.id)).state).toBe("UNCONFIRMED");
    expect(await db().story.findUniqueOrThrow({ where: { id: story.id } })).toMatchObject({
      status: "PARTIAL",
    });
  });
});
