import { describe, expect, it } from "vitest";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { makeBrand, makeSandboxChannels, makeWorkspace } from "@/prisma/factories";
import { markNeedsReauth } from "./notify-reauth-needed";

describe("markNeedsReauth", () => {
  it("flags the channel and writes its notice together, or neither, so a failed notice is tried again", async () => {
    const { workspace } = await makeWorkspace(db());
    const brand = await makeBrand(db(), workspace.id);
    const [channel] = await makeSandboxChannels(db(), secretBoxFromEnv(env()), brand);
    if (!channel) throw new Error("sandbox channels missing");
    const state = async () => ({
      channel: await db().channel.findFirstOrThrow({
        where: { id: channel.id, workspaceId: workspace.id },
        select: { status: true, statusReason: true },
      }),
      notices: await db().notification.findMany({
        where: { workspaceId: workspace.id, kind: "channel.needs_reauth" },
        select: { title: true },
      }),
    });

    // Postgres refuses a NUL in text: the notice cannot be written, after the flag was.
    await expect(
      markNeedsReauth(db(), { ...channel, displayName: "Broken\u0000name" }, "The token expired."),
    ).rejects.toThrow();
    expect(await state()).toEqual({
      channel: { status: "CONNECTED", statusReason: null },
      notices: [],
    });

    await markNeedsReauth(db(), channel, "The token expired.");
    await markNeedsReauth(db(), channel, "The token expired.");
    expect(await state()).toEqual({
      channel: { status: "NEEDS_REAUTH", statusReason: "The token expired." },
      notices: [{ title: `Reconnect ${channel.displayName}` }],
    });
  });
});
