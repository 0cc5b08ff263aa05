import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { db, disconnectDb } from "@/lib/db/client";
import { jpeg } from "@/test/media/media-fixtures";
import { newOwnerWithBrand, runId } from "./support/accounts";
import { count } from "./support/database";
import { confirmDialog } from "./support/feedback";
import { keepScreenshot } from "./support/screenshots";
import { stack } from "./support/stack";

// One-click logins against the simulators (no Meta app configured, so the buttons say Sandbox):
// a brand with no channels → Continue with Facebook → the simulator's consent screen → the picker,
// where two Pages and one Instagram account are kept → three channels; Continue with Instagram →
// a fourth; a story published to all four lands once on each simulator account. A cancelled
// dialog and a declined permission end on a page that says so, with nothing saved.

const RUN = runId();
const owner = {
  name: "Olivia Oauth",
  email: `oauth-${RUN}@e2e.storyrelay.test`,
  password: "a long enough passphrase",
  workspace: `OAuth Agency ${RUN}`,
};
const brandName = `Corner Bakery ${RUN}`;

// The tests are independent (each signs up an owner of its own), so they run on several workers at once:
// one after another they made this file one of the run's longest.
test.describe.configure({ mode: "parallel" });

test.afterAll(async () => {
  await disconnectDb();
});

/** The brand page's channel list (the connection health section below lists the channels too). */
function channelList(page: Page) {
  return page.getByRole("list", { name: "Channels" });
}

async function bothWidths(page: Page, name: string) {
  await keepScreenshot(page, `${name}-1280.png`);
  await page.setViewportSize({ width: 390, height: 844 });
  await keepScreenshot(page, `${name}-390.png`);
  await page.setViewportSize({ width: 1280, height: 800 });
}

function tempFile(name: string, bytes: Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "storyrelay-e2e-"));
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return file;
}

test("Continue with Facebook and Instagram connect sandbox accounts that a story publishes to", async ({
  page,
}) => {
  test.setTimeout(150_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  let slug = "";
  let brandId = "";

  await test.step("a brand with no channels offers both logins, labelled Sandbox", async () => {
    ({ slug, brandId } = await newOwnerWithBrand(page, owner, {
      name: brandName,
      timeZone: "Europe/Berlin",
    }));
    await expect(page.getByText("No channels connected yet.")).toBeVisible();
    await expect(page.getByRole("link", { name: /^Continue with Facebook\s*Sandbox$/ })).toBeVisible();
    await expect(page.getByRole("link", { name: /^Continue with Instagram\s*Sandbox$/ })).toBeVisible();
    await bothWidths(page, "oauth-buttons");
  });

  await test.step("a cancelled dialog ends on a clear page and saves nothing", async () => {
    await page.getByRole("link", { name: /^Continue with Facebook/ }).click();
    await expect(page).toHaveURL(new RegExp(`^${stack.simulatorUrl}/www-facebook/v[\\d.]+/dialog/oauth`));
    await page.getByRole("button", { name: "Cancel" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("You cancelled the sign-in");
    await expect(page.getByText("Nothing was saved: no channel was connected or changed.")).toBeVisible();
    await bothWidths(page, "oauth-refused-cancelled");
    expect(await count(`"Channel" WHERE "brandId" = $1`, [brandId])).toBe(0);
  });

  await test.step("a declined permission is named, and nothing is saved", async () => {
    await page.getByRole("link", { name: "Back to the brand" }).click();
    await page.getByRole("link", { name: /^Continue with Facebook/ }).click();
    await page.getByRole("checkbox", { name: "pages_manage_posts" }).uncheck();
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(
      "A permission StoryRelay needs was not granted",
    );
    await expect(page.getByRole("listitem")).toHaveText(["pages_manage_posts"]);
    await expect(page.getByRole("link", { name: "Grant the permission" })).toHaveAttribute(
      "href",
      `/w/${slug}/brands/${brandId}/channels/connect/facebook?rerequest=1`,
    );
    await bothWidths(page, "oauth-refused-permission");
    expect(await count(`"Channel" WHERE "brandId" = $1`, [brandId])).toBe(0);
  });

  await test.step("Facebook: two Pages and one Instagram account become three channels", async () => {
    await page.getByRole("link", { name: "Grant the permission" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("StoryRelay is requesting access");
    await bothWidths(page, "oauth-consent-facebook");
    await page.getByRole("button", { name: "Continue" }).click();

    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Choose the accounts to connect");
    await expect(page.getByText("Page tokens from a long-lived user token do not expire")).toBeVisible();
    const form = page.getByRole("form", { name: "Accounts to connect" });
    await expect(form).toHaveAttribute("data-ready", "true");
    await expect(form.getByRole("checkbox")).toHaveCount(4);
    await form.getByRole("checkbox", { name: /Instagram: @sandbox_florist/ }).uncheck();
    await bothWidths(page, "oauth-picker");
    await form.getByRole("button", { name: "Connect the ticked accounts" }).click();

    await expect(page).toHaveURL(new RegExp(`/w/${slug}/brands/${brandId}#channels$`));
    for (const name of ["Sandbox Bakery", "Sandbox Florist", "sandbox_bakery"]) {
      await expect(channelList(page).getByRole("listitem").filter({ hasText: name })).toBeVisible();
    }
    expect(await count(`"Channel" WHERE "brandId" = $1`, [brandId])).toBe(3);
  });

  await test.step("Instagram: one account, confirmed, becomes the fourth channel", async () => {
    await page.getByRole("link", { name: /^Continue with Instagram/ }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(
      "Allow StoryRelay to access your Instagram account?",
    );
    await bothWidths(page, "oauth-consent-instagram");
    await page.getByRole("button", { name: "Allow" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Connect this account?");
    await expect(page.getByText(/The token lasts until/)).toBeVisible();
    await bothWidths(page, "oauth-confirm-instagram");
    await page.getByRole("button", { name: "Connect this account" }).click();
    await expect(page).toHaveURL(new RegExp(`/w/${slug}/brands/${brandId}#channels$`));
    await expect(channelList(page).getByRole("listitem").filter({ hasText: "sandbox_studio" })).toBeVisible();
    expect(await count(`"Channel" WHERE "brandId" = $1 AND "status" = 'CONNECTED'`, [brandId])).toBe(4);
  });

  await test.step("a story published now lands once on each of the four accounts", async () => {
    const form = page.locator("form").filter({ has: page.getByLabel("Images or videos") });
    await form.getByLabel("Title (optional)").fill(`Fresh bread ${RUN}`);
    await form
      .getByLabel("Images or videos")
      .setInputFiles(tempFile(`bread-${RUN}.jpg`, jpeg({ width: 1080, height: 1920 })));
    for (const box of await form.getByRole("checkbox").all()) await box.check();
    await form.getByLabel("Publish now").check();
    await form.getByRole("button", { name: "Publish story" }).click();
    await confirmDialog(page, "Publish now");
    await expect(page).toHaveURL(new RegExp(`/w/${slug}/stories/[a-z0-9]+$`));
    const targets = page.getByTestId("target");
    await expect(targets).toHaveCount(4);
    for (const target of await targets.all()) {
      await expect(target.getByTestId("target-state")).toHaveText("Published", { timeout: 30_000 });
    }
    // The sandbox accounts are shared with the other test: this story's entries come from its asset's URL.
    const asset = await db().mediaAsset.findFirstOrThrow({ where: { brandId }, select: { id: true } });
    const channels = await db().channel.findMany({ where: { brandId }, select: { externalAccountId: true } });
    const accounts = new Set(channels.map((c) => c.externalAccountId));
    const { data } = (await (await fetch(`${stack.simulatorUrl}/_sim/ledger`)).json()) as {
      data: { accountId: string; sourceUrl: string | null }[];
    };
    const mine = data.filter((e) => accounts.has(e.accountId) && e.sourceUrl?.includes(asset.id));
    expect(mine.map((e) => e.accountId).sort()).toEqual([...accounts].sort());
  });
});

test("a revoked Page token: the story waits, Reconnect with Facebook reconnects it, and it publishes once", async ({
  page,
}) => {
  test.setTimeout(150_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  const run = runId();
  const { slug, brandId } = await newOwnerWithBrand(
    page,
    { ...owner, email: `oauth-reconnect-${run}@e2e.storyrelay.test`, workspace: `Reconnect Agency ${run}` },
    { name: `Florist ${run}`, timeZone: "Europe/Berlin" },
  );

  await test.step("one Page is connected through Facebook Login", async () => {
    await page.getByRole("link", { name: /^Continue with Facebook/ }).click();
    await page.getByRole("button", { name: "Continue" }).click();
    const form = page.getByRole("form", { name: "Accounts to connect" });
    await expect(form).toHaveAttribute("data-ready", "true");
    for (const box of await form.getByRole("checkbox").all()) await box.uncheck();
    await form.getByRole("checkbox", { name: "Facebook Page: Sandbox Florist" }).check();
    await form.getByRole("button", { name: "Connect the ticked accounts" }).click();
    await expect(page).toHaveURL(new RegExp(`/w/${slug}/brands/${brandId}#channels$`));
    expect(await count(`"Channel" WHERE "brandId" = $1`, [brandId])).toBe(1);
  });

  const channel = await db().channel.findFirstOrThrow({ where: { brandId } });
  let storyUrl = "";

  await test.step("the person removes the app in Facebook; a story published now waits for a reconnect", async () => {
    const revoked = await fetch(`${stack.simulatorUrl}/_sim/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        platform: "facebook",
        kind: "revoke_token",
        accountId: channel.externalAccountId,
      }),
    });
    expect(revoked.ok).toBe(true);
    const form = page.locator("form").filter({ has: page.getByLabel("Images or videos") });
    await form.getByLabel("Title (optional)").fill(`Tulips ${run}`);
    await form
      .getByLabel("Images or videos")
      .setInputFiles(tempFile(`tulips-${run}.jpg`, jpeg({ width: 1080, height: 1920, seed: 7 })));
    await form.getByLabel("Publish now").check();
    await form.getByRole("button", { name: "Publish story" }).click();
    await confirmDialog(page, "Publish now");
    await expect(page).toHaveURL(new RegExp(`/w/${slug}/stories/[a-z0-9]+$`));
    storyUrl = page.url();
    await expect(page.getByTestId("target-state")).toHaveText("Needs reconnecting", { timeout: 30_000 });
  });

  await test.step("the channel's card offers Reconnect with Facebook, which reconnects it", async () => {
    await page.goto(`/w/${slug}/brands/${brandId}`);
    const reconnect = page.getByRole("link", { name: `Reconnect with Facebook: ${channel.displayName}` });
    await expect(reconnect).toBeVisible();
    await expect(reconnect).toContainText("Reconnect with Facebook");
    await keepScreenshot(page, "oauth-reconnect-card.png");
    await reconnect.click();
    await page.getByRole("button", { name: "Continue" }).click();
    const form = page.getByRole("form", { name: "Accounts to connect" });
    await expect(form).toHaveAttribute("data-ready", "true");
    await expect(form.getByText("reconnects the channel that needs re-authorisation")).toBeVisible();
    for (const box of await form.getByRole("checkbox").all()) await box.uncheck();
    await form.getByRole("checkbox", { name: /Facebook Page: Sandbox Florist/ }).check();
    await form.getByRole("button", { name: "Connect the ticked accounts" }).click();
    await expect(page).toHaveURL(new RegExp(`/w/${slug}/brands/${brandId}#channels$`));
    expect(await count(`"Channel" WHERE "brandId" = $1 AND "status" = 'CONNECTED'`, [brandId])).toBe(1);
  });

  await test.step("the held story publishes, exactly once", async () => {
    await page.goto(storyUrl);
    await expect(page.getByTestId("target-state")).toHaveText("Published", { timeout: 30_000 });
    // The sandbox Page is shared with the other test: this story's entries are those from its asset's URL.
    const asset = await db().mediaAsset.findFirstOrThrow({ where: { brandId }, select: { id: true } });
    const { data } = (await (
      await fetch(`${stack.simulatorUrl}/_sim/ledger?accountId=${channel.externalAccountId}`)
    ).json()) as { data: { sourceUrl: string | null }[] };
    expect(data.filter((entry) => entry.sourceUrl?.includes(asset.id))).toHaveLength(1);
  });
});
