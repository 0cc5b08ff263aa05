import { describe, expect, it } from "vitest";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { makeBrand, makeSandboxChannels, makeWorkspace } from "@/prisma/factories";
import { warnExpiringTokens } from "./warn-expiring-tokens";

const DAY_MS = 24 * 3_600_000;

async function setup() {
  const { workspace } = await makeWorkspace(db());
  const brand = await makeBrand(db(), workspace.id);
  const [channel] = await makeSandboxChannels(db(), secretBoxFromEnv(env()), brand, ["INSTAGRAM"]);
  if (!channel) throw new Error("no channel");
  await db().webhook.create({
    data: {
      workspaceId: workspace.id,
      url: "https://hooks.example.com/storyrelay",
      events: ["channel.token_expiring"],
      secretKeyId: "test",
      secretIv: Buffer.alloc(12),
      secretTag: Buffer.alloc(16),
      secretCiphertext: Buffer.alloc(8),
    },
  });
  // The token runs out at a fixed instant; each sweep below runs at a chosen "now" before it.
  const expiresAt = new Date(Date.now() + 30 * DAY_MS);
  await db().channel.update({ where: { id: channel.id }, data: { tokenExpiresAt: expiresAt } });
  const sweepAt = (msBefore: number) =>
    warnExpiringTokens({ db: db(), now: () => new Date(expiresAt.getTime() - msBefore) });
  const events = async () =>
    (
      await db().webhookDelivery.findMany({
        where: { workspaceId: workspace.id, eventType: "channel.token_expiring" },
        orderBy: { createdAt: "asc" },
        select: { payload: true },
      })
    ).map((d) => (d.payload as { data: { channel: { id: string; daysBefore: number } } }).data.channel);
  const notices = () =>
    db().notification.count({ where: { workspaceId: workspace.id, kind: "channel.token_expiring" } });
  return { workspace, channel, expiresAt, sweepAt, events, notices };
}

describe("token expiry warnings", () => {
  it("warns once at 7 days and once at 1 day, never twice for the same threshold", async () => {
    const { channel, sweepAt, events, notices } = await setup();

    await sweepAt(8 * DAY_MS);
    expect(await events()).toEqual([]);

    await sweepAt(7 * DAY_MS);
    expect(await events()).toEqual([expect.objectContaining({ id: channel.id, daysBefore: 7 })]);
    expect(await notices()).toBe(1);

    await sweepAt(7 * DAY_MS - 3_600_000);
    await sweepAt(2 * DAY_MS);
    expect(await events()).toHaveLength(1);

    await sweepAt(DAY_MS);
    expect((await events()).map((e) => e.daysBefore)).toEqual([7, 1]);
    await sweepAt(DAY_MS - 3_600_000);
    expect(await events()).toHaveLength(2);
    expect(await notices()).toBe(2);
  });

  it("two sweeps at the same moment (two workers) send one warning", async () => {
    const { sweepAt, events } = await setup();
    await Promise.all([sweepAt(5 * DAY_MS), sweepAt(5 * DAY_MS), sweepAt(5 * DAY_MS)]);
    expect(await events()).toHaveLength(1);
  });

  it("a renewed token is warned about afresh; a channel already flagged for reconnecting is not", async () => {
    const { channel, expiresAt, sweepAt, events } = await setup();
    await sweepAt(6 * DAY_MS);
    expect(await events()).toHaveLength(1);

    const renewed = new Date(expiresAt.getTime() + 10 * DAY_MS);
    await db().channel.update({ where: { id: channel.id }, data: { tokenExpiresAt: renewed } });
    await warnExpiringTokens({ db: db(), now: () => new Date(renewed.getTime() - 3 * DAY_MS) });
    expect(await events()).toHaveLength(2);

    await db().channel.update({ where: { id: channel.id }, data: { status: "NEEDS_REAUTH" } });
    await warnExpiringTokens({ db: db(), now: () => new Date(renewed.getTime() - DAY_MS / 2) });
    expect(await events()).toHaveLength(2);
  });
});
