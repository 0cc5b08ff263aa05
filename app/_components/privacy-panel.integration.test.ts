import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { getPrivacySettings } from "@/lib/channels/get-privacy-settings";
import { privacySections } from "@/lib/core/privacy-facts";
import { db } from "@/lib/db/client";
import { parseEnv } from "@/lib/env";
import { updateInboxSettings } from "@/lib/inbox/update-inbox-settings";
import type { WorkspaceContext } from "@/lib/workspaces/context";
import { makeMember, makeWorkspace } from "@/prisma/factories";
import { PRIVACY_PANEL_HEADING, PrivacyPanel } from "./privacy-panel";

// The configuration as the server parses it (lib/env.ts), not numbers typed into the test.
const config = parseEnv({
  ...process.env,
  PUBLIC_BASE_URL: "https://relay.example.org/",
  MEDIA_URL_TTL_SECONDS: "7200",
  MEDIA_STORAGE: "local",
});
const deps = () => ({
  db: db(),
  media: {
    publicBaseUrl: config.PUBLIC_BASE_URL,
    storage: config.MEDIA_STORAGE,
    urlTtlSeconds: config.MEDIA_URL_TTL_SECONDS,
  },
});

/** The panel as the page renders it, reduced to its text. */
async function panelText(ctx: WorkspaceContext, platforms: Parameters<typeof privacySections>[0]) {
  const sections = privacySections(platforms, await getPrivacySettings(deps(), ctx));
  const html = renderToStaticMarkup(createElement(PrivacyPanel, { sections }));
  return html
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;/g, "'")
    .replace(/\s+/g, " ");
}

describe("the privacy panel", () => {
  it("shows the real signed-link lifetime, media origin and the workspace's retention, to any member", async () => {
    const { workspace, ctx: owner } = await makeWorkspace(db());
    await updateInboxSettings(db(), owner, { messageRetentionDays: 45, humanAgentReplies: false });
    const viewer = await makeMember(db(), workspace, "VIEWER");

    const text = await panelText(viewer, ["WHATSAPP"]);
    expect(text).toContain(PRIVACY_PANEL_HEADING);
    expect(text).toContain("WhatsApp Status");
    expect(text).toContain("Each signed link works for 2 hours");
    // PUBLIC_BASE_URL is read without its trailing slash, as the signer uses it.
    expect(text).toContain("https://relay.example.org/media/");
    expect(text).toContain("kept on this server's disk");
    expect(text).toContain("keeps their texts 45 days");
    expect(text).toContain("all contacts");
    expect(text).toMatch(/unofficial linked device.*decrypted on that device/);
    expect(text).not.toContain("Instagram Stories");
    expect(text).not.toContain("Facebook Page Stories");
  });

  it("reads each workspace's own retention", async () => {
    const { ctx: changed } = await makeWorkspace(db());
    await updateInboxSettings(db(), changed, { messageRetentionDays: 7, humanAgentReplies: false });
    const { ctx: untouched } = await makeWorkspace(db());

    expect(await panelText(changed, ["INSTAGRAM"])).toContain("keeps their texts 7 days");
    const other = await panelText(untouched, ["INSTAGRAM", "FACEBOOK"]);
    expect(other).toContain("keeps their texts 90 days");
    expect(other).toContain("Close Friends cannot be chosen");
    expect(other).toContain("in Facebook and in Messenger");
    expect(other).not.toContain("WhatsApp Status");
    expect(other).not.toContain("Unofficial.");
  });

  it("renders nothing when no channel is chosen", async () => {
    const { ctx } = await makeWorkspace(db());
    expect(await panelText(ctx, [])).toBe("");
  });
});
