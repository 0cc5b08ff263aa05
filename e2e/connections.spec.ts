import { expect, type Page, test } from "@playwright/test";
import { sandboxAccountId } from "@/lib/channels/create-sandbox-channel";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db, disconnectDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { makeBrand } from "@/prisma/factories";
import { connectSandboxChannels, newOwnerWithBrand, runId } from "./support/accounts";
import { keepScreenshot } from "./support/screenshots";
import { stack } from "./support/stack";

// The connection health page: an owner with two brands opens Connections from the workspace nav
// and sees every channel's state, token countdown, permissions, and what the platforms say right
// now — two Instagram accounts with different publishing caps, read live; a WhatsApp session whose
// state changes between two visits; a gateway that does not answer, shown as such on its row
// while the rest of the page reads. The brand page shows the same for its own channels.
// Screenshots at desktop (1280) and phone (390) width.

const RUN = runId();
const owner = {
  name: "Hana Health",
  email: `health-${RUN}@e2e.storyrelay.test`,
  password: "a long enough passphrase",
  workspace: `Health Check ${RUN}`,
};
const DAY_MS = 24 * 3_600_000;

test.afterAll(async () => {
  await disconnectDb();
});

async function simulator(path: string, body: unknown) {
  const response = await fetch(`${stack.simulatorUrl}/_sim/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(response.ok, await response.clone().text()).toBe(true);
}

async function keepBothWidths(page: Page, name: string) {
  await page.setViewportSize({ width: 1280, height: 800 });
  await keepScreenshot(page, `${name}-desktop.png`);
  await page.setViewportSize({ width: 390, height: 844 });
  await keepScreenshot(page, `${name}-phone.png`);
  await page.setViewportSize({ width: 1280, height: 800 });
}

test("every channel's health on one page, read live from the platforms", async ({ page }) => {
  const brandName = `Harbour Café ${RUN}`;
  const { slug, brandId } = await newOwnerWithBrand(page, owner, {
    name: brandName,
    timeZone: "Europe/Lisbon",
  });
  const channels = await connectSandboxChannels(brandId);
  const byPlatform = (platform: string) => {
    const channel = channels.find((c) => c.platform === platform);
    if (!channel) throw new Error(`no ${platform} channel`);
    return channel;
  };
  const instagram = byPlatform("INSTAGRAM");
  const facebook = byPlatform("FACEBOOK");
  const whatsapp = byPlatform("WHATSAPP");
  // What connecting would have recorded: a token that runs out in 5 days, a permission declined.
  await db().channel.update({
    where: { id: instagram.id },
    data: { tokenExpiresAt: new Date(Date.now() + 5 * DAY_MS + 3_600_000) },
  });
  await db().channel.update({
    where: { id: facebook.id },
    data: { grantedScopes: ["pages_show_list", "pages_manage_posts"], scopesCheckedAt: new Date() },
  });

  // A second brand: an Instagram account Meta caps at 25 a day, and a gateway that is down.
  const box = secretBoxFromEnv(env());
  const second = await makeBrand(
    db(),
    (await db().brand.findUniqueOrThrow({ where: { id: brandId } })).workspaceId,
    {
      name: `Harbour Market ${RUN}`,
    },
  );
  // Told to the simulator before the channel exists, so the workers' own registration (every
  // minute) cannot introduce the account first with the default cap.
  const cappedId = sandboxAccountId("INSTAGRAM");
  const cappedToken = `sandbox_capped_${RUN}`;
  await simulator("accounts", { platform: "instagram", id: cappedId, token: cappedToken, quotaTotal: 25 });
  const capped = await db().channel.create({
    data: {
      workspaceId: second.workspaceId,
      brandId: second.id,
      platform: "INSTAGRAM",
      externalAccountId: cappedId,
      displayName: `Market Instagram ${RUN}`,
      sandbox: true,
    },
  });
  await db().channelCredential.create({
    data: {
      workspaceId: second.workspaceId,
      channelId: capped.id,
      ...box.seal(JSON.stringify({ accessToken: cappedToken }), capped.id),
    },
  });
  const down = await db().channel.create({
    data: {
      workspaceId: second.workspaceId,
      brandId: second.id,
      platform: "WHATSAPP",
      externalAccountId: "market",
      displayName: `Market WhatsApp ${RUN}`,
      config: { mode: "gateway", gatewayUrl: "http://127.0.0.1:9" },
    },
  });
  await db().channelCredential.create({
    data: {
      workspaceId: second.workspaceId,
      channelId: down.id,
      ...box.seal(JSON.stringify({ apiKey: "market-gateway-key" }), down.id),
    },
  });

  await page.goto(`/w/${slug}`);
  await page
    .getByRole("navigation", { name: "Workspace" })
    .getByRole("link", { name: "Connections" })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: "Connections" })).toBeVisible();
  const card = (name: string) => page.getByRole("listitem", { name });

  const ig = card(instagram.displayName);
  await expect(ig).toContainText("Connected");
  await expect(ig).toContainText("expires in 5 days");
  await expect(ig).toContainText("0 of 100 used in the last 24 hours");
  await expect(ig).toContainText("Not checked yet");
  await expect(card(capped.displayName)).toContainText("0 of 25 used");

  const fb = card(facebook.displayName);
  await expect(fb).toContainText("Missing pages_read_engagement");
  await expect(fb).toContainText("Expiry not known");

  await expect(card(whatsapp.displayName)).toContainText("WORKING");
  const gateway = card(down.displayName);
  await expect(gateway).toContainText("Could not reach the WhatsApp gateway");
  await expect(gateway).toContainText("Does not expire");
  await keepBothWidths(page, "connections");

  // The session's state is the gateway's, read again on the next visit.
  await simulator("faults", { kind: "session_state", accountId: whatsapp.externalAccountId });
  await page.reload();
  await expect(card(whatsapp.displayName)).toContainText("SCAN_QR_CODE");
  await simulator("faults", {
    kind: "session_state",
    accountId: whatsapp.externalAccountId,
    state: "WORKING",
  });

  // The brand page: the same facts, for its own channels only.
  await page.goto(`/w/${slug}/brands/${brandId}`);
  const section = page.getByRole("region", { name: "Connection health" });
  await expect(section.getByRole("listitem", { name: instagram.displayName })).toContainText(
    "expires in 5 days",
  );
  await expect(section.getByRole("listitem", { name: down.displayName })).toHaveCount(0);
  await keepBothWidths(page, "brand-connection-health");
});
