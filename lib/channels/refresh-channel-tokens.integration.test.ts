import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { scheduleStory } from "@/lib/stories/schedule-story";
import { eventually, type Pipeline, startPipeline } from "@/test/publishing/pipeline-test-kit";
import { authSecret } from "./credentials";
import { readCredentials } from "./read-credentials";
import { REFRESH_AHEAD_MS, refreshChannelTokens } from "./refresh-channel-tokens";

const DAY_MS = 24 * 3_600_000;

describe("channel token renewal", () => {
  let p: Pipeline;
  beforeAll(async () => {
    // Tokens may be refreshed at once (Instagram's own rule is "once a day old").
    p = await startPipeline({ minTokenAgeForRefreshMs: 0 });
  }, 60_000);
  afterAll(() => p.close());

  const instagram = () => p.channel("INSTAGRAM");
  const run = () => refreshChannelTokens({ ...p.deps, logger: p.deps.logger });

  it("renews an Instagram token that expires soon, and stories still go out with the new one", async () => {
    const channel = instagram();
    const before = await readCredentials(db(), p.deps.box, channel);
    await db().channel.update({
      where: { id: channel.id },
      data: { tokenExpiresAt: new Date(Date.now() + DAY_MS) },
    });

    const report = await run();
    expect(report.refreshed).toBeGreaterThanOrEqual(1);
    const after = await readCredentials(db(), p.deps.box, channel);
    expect(authSecret(after)).not.toBe(authSecret(before));
    const row = await db().channel.findUniqueOrThrow({ where: { id: channel.id } });
    expect(row.status).toBe("CONNECTED");
    // The simulator's tokens live 60 days; renewed well beyond the refresh window.
    expect(row.tokenExpiresAt?.getTime()).toBeGreaterThan(Date.now() + REFRESH_AHEAD_MS);

    const image = await p.image();
    const story = await scheduleStory(p.deps, p.ctx, {
      brandId: p.brand.id,
      channelIds: [channel.id],
      frames: [image.id],
      when: { now: true },
    });
    const done = await eventually(
      () => db().story.findUniqueOrThrow({ where: { id: story.id } }),
      (s) => s.status !== "SCHEDULED" && s.status !== "PUBLISHING",
    );
    expect(done.status).toBe("PUBLISHED");
  });

  it("leaves tokens far from expiry alone", async () => {
    const channel = instagram();
    await db().channel.update({
      where: { id: channel.id },
      data: { tokenExpiresAt: new Date(Date.now() + 30 * DAY_MS) },
    });
    const before = await readCredentials(db(), p.deps.box, channel);
    await run();
    expect(authSecret(await readCredentials(db(), p.deps.box, channel))).toBe(authSecret(before));
  });

  it("a token the platform has revoked marks the channel NEEDS_REAUTH and tells the owner, before any story fails", async () => {
    const channel = instagram();
    await p.fault({ platform: "instagram", accountId: channel.externalAccountId, kind: "expire_token" });
    await db().channel.update({
      where: { id: channel.id },
      data: { tokenExpiresAt: new Date(Date.now() + DAY_MS) },
    });

    const report = await run();
    expect(report.needsReauth).toBe(1);
    const row = await db().channel.findUniqueOrThrow({ where: { id: channel.id } });
    expect(row.status).toBe("NEEDS_REAUTH");
    expect(row.statusReason).toBeTruthy();
    const notices = await db().notification.findMany({
      where: { workspaceId: p.workspace.id, kind: "channel.needs_reauth" },
    });
    expect(notices.length).toBeGreaterThanOrEqual(1);
  });
});
