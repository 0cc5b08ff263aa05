import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { registerSandboxAccounts } from "@/lib/channels/register-sandbox-accounts";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db, disconnectDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { createLogger } from "@/lib/logger";
import { makeSandboxChannels } from "@/prisma/factories";
import { newOwnerWithBrand, runId } from "./support/accounts";
import { confirmDialog } from "./support/feedback";
import { keepScreenshot } from "./support/screenshots";
import { stack } from "./support/stack";

// The reply box on a phone: a person wrote to the brand's Instagram account (the simulator records
// it, which opens the Send API's window, and delivers it to the app's webhook) →
// the inbox lists them with the unread count in the nav → the conversation shows the countdown →
// Send shows "Sent" and the simulator's ledger has the reply once → a new message from the person
// appears without a reload.

const RUN = runId();
const owner = {
  name: "Ines Inbox",
  email: `inbox-${RUN}@e2e.storyrelay.test`,
  password: "a long enough passphrase",
  workspace: `Inbox Agency ${RUN}`,
};
const PHONE = { width: 390, height: 844 };

test.afterAll(async () => {
  await disconnectDb();
});

/** The conversation the inbox worker files for this person, once their message has arrived. */
async function waitForConversation(channelId: string, participantId: string) {
  await expect
    .poll(async () => db().conversation.count({ where: { channelId, participantId } }), { timeout: 30_000 })
    .toBe(1);
  return db().conversation.findFirstOrThrow({ where: { channelId, participantId } });
}

test("answering a person from the inbox on a phone, once, with live updates", async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize(PHONE);
  const { slug, brandId } = await newOwnerWithBrand(page, owner, {
    name: `Inbox Bakery ${RUN}`,
    timeZone: "Europe/Lisbon",
  });
  const box = secretBoxFromEnv(env());
  const brand = await db().brand.findUniqueOrThrow({ where: { id: brandId } });
  const [instagram] = await makeSandboxChannels(db(), box, brand, ["INSTAGRAM"]);
  if (!instagram) throw new Error("channel");
  await registerSandboxAccounts({
    db: db(),
    box,
    simulatorUrl: stack.simulatorUrl,
    logger: createLogger("e2e", "silent"),
  });
  const wrote = await fetch(`${stack.simulatorUrl}/_sim/viewers/messages`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      platform: "instagram",
      accountId: instagram.externalAccountId,
      kind: "text",
      text: "Do you have gluten-free bread?",
      viewer: { username: `celia_${RUN}`, name: "Celia" },
    }),
  });
  expect(wrote.status).toBe(201);
  const viewer = (await wrote.json()).viewer as { id: string; username: string };
  // Meta's signed delivery reaches the web server and the inbox worker files it.
  const conversation = await waitForConversation(instagram.id, viewer.id);

  await page.goto(`/w/${slug}/inbox`);
  await expect(page.getByRole("link", { name: "Inbox, 1 unread" })).toBeVisible();
  const row = page
    .getByRole("list", { name: "Conversations" })
    .getByRole("link", { name: new RegExp(viewer.username) });
  await expect(row).toContainText("Do you have gluten-free bread?");
  await keepScreenshot(page, "inbox-list-phone.png");
  await row.click();

  await expect(page.getByRole("heading", { level: 1, name: `@${viewer.username}` })).toBeVisible();
  await expect(page.getByTestId("window-countdown")).toContainText(/Reply window closes in 2[34] h/);
  await page.getByLabel("Your reply").fill("Yes! Every Saturday.");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByTestId("send-state").last()).toHaveText(/Sent/);
  await keepScreenshot(page, "inbox-conversation-phone.png");
  const ledger = await (
    await fetch(
      `${stack.simulatorUrl}/_sim/messages?platform=instagram&accountId=${instagram.externalAccountId}`,
    )
  ).json();
  expect(ledger.data.map((m: { text: string }) => m.text)).toEqual(["Yes! Every Saturday."]);

  // The person writes again: the open page shows it without a reload.
  const again = await fetch(`${stack.simulatorUrl}/_sim/viewers/messages`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      platform: "instagram",
      accountId: instagram.externalAccountId,
      kind: "text",
      text: "Great, see you then",
      viewer: { id: viewer.id },
    }),
  });
  expect(again.status).toBe(201);
  await expect(page.getByRole("list", { name: "Messages" })).toContainText("Great, see you then");

  // The team's side: an internal note, done, the person's data exported, then erased.
  await page.getByLabel("Internal note (the person never sees it)").fill("Regular on Saturdays");
  await page.getByRole("button", { name: "Add note" }).click();
  await expect(page.getByRole("list", { name: "Messages" })).toContainText("Internal note");
  await expect(page.getByRole("list", { name: "Messages" })).toContainText("Regular on Saturdays");
  await page.getByRole("button", { name: "Mark done" }).click();
  await expect(page.getByRole("button", { name: "Reopen" })).toBeVisible();
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export conversation (JSON)" }).click();
  const exported = JSON.parse(await fs.promises.readFile((await (await download).path()) ?? "", "utf8"));
  expect(exported.person.handle).toBe(viewer.username);
  expect(exported.messages.map((m: { text: string }) => m.text)).toEqual([
    "Do you have gluten-free bread?",
    "Yes! Every Saturday.",
    "Great, see you then",
  ]);
  expect(exported.notes.map((n: { body: string }) => n.body)).toEqual(["Regular on Saturdays"]);
  await page.getByRole("button", { name: "Erase conversation" }).click();
  await confirmDialog(page, "Erase");
  await expect(page).toHaveURL(new RegExp(`/w/${slug}/inbox\\?erased=1`));
  await expect(page.getByRole("status").filter({ hasText: "The conversation was erased." })).toBeVisible();
  expect(await db().conversation.count({ where: { id: conversation.id } })).toBe(0);
});
