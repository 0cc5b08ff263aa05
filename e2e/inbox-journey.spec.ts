import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { registerSandboxAccounts } from "@/lib/channels/register-sandbox-accounts";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db, disconnectDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { createLogger } from "@/lib/logger";
import { makeSandboxChannels } from "@/prisma/factories";
import { jpeg } from "@/test/media/media-fixtures";
import { newOwnerWithBrand, runId } from "./support/accounts";
import { confirmDialog } from "./support/feedback";
import { keepScreenshot } from "./support/screenshots";
import { stack } from "./support/stack";

// The loop the inbox closes, along the real path: a brand publishes a story to its sandbox
// Instagram account; the marketer opens the inbox; a sandbox viewer replies under the story on
// the simulator's phone page; Meta's signed webhook delivery reaches the web server, is stored,
// and the inbox worker files it; the open inbox shows the reply, with the person's handle and the
// frame it answers, without a reload; the marketer assigns it to herself and answers; the
// simulator's ledger of sent messages has the answer once, and the viewer's phone shows it.

const RUN = runId();
const owner = {
  name: "Rita Replies",
  email: `replies-${RUN}@e2e.storyrelay.test`,
  password: "a long enough passphrase",
  workspace: `Replies Agency ${RUN}`,
};
const brandName = `Porto Pastries ${RUN}`;
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const REPLY = `Are these vegan? ${RUN}`;
const ANSWER = `Yes, all of them! ${RUN}`;

test.afterAll(async () => {
  await disconnectDb();
});

async function bothWidths(page: Page, name: string) {
  await page.setViewportSize(DESKTOP);
  await keepScreenshot(page, `inbox-journey-${name}-desktop.png`);
  await page.setViewportSize(PHONE);
  await keepScreenshot(page, `inbox-journey-${name}-phone.png`);
  await page.setViewportSize(DESKTOP);
}

test("a viewer's reply on the phone reaches the open inbox with its frame, is assigned and answered once", async ({
  page,
  browser,
}) => {
  test.setTimeout(150_000);
  await page.setViewportSize(DESKTOP);
  const { slug, brandId } = await newOwnerWithBrand(page, owner, {
    name: brandName,
    timeZone: "Europe/Lisbon",
  });
  const box = secretBoxFromEnv(env());
  const brand = await db().brand.findUniqueOrThrow({ where: { id: brandId } });
  const [instagram] = await makeSandboxChannels(db(), box, brand, ["INSTAGRAM"]);
  if (!instagram) throw new Error("no sandbox Instagram channel was made");
  await registerSandboxAccounts({
    db: db(),
    box,
    simulatorUrl: stack.simulatorUrl,
    logger: createLogger("e2e", "silent"),
  });

  await test.step("the brand publishes a story to Instagram now", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "storyrelay-e2e-"));
    const file = path.join(dir, `pastries-${RUN}.jpg`);
    fs.writeFileSync(file, jpeg({ width: 1080, height: 1920 }));
    await page.goto(`/w/${slug}/brands/${brandId}`);
    const form = page.locator("form").filter({ has: page.getByLabel("Images or videos") });
    await form.getByLabel("Title (optional)").fill(`Pastry menu ${RUN}`);
    await form.getByLabel("Images or videos").setInputFiles(file);
    await form.getByLabel("Publish now").check();
    await form.getByRole("button", { name: "Publish story" }).click();
    await confirmDialog(page, "Publish now");
    await expect(page.getByTestId("target-state").first()).toHaveText("Published", { timeout: 45_000 });
  });

  await test.step("the inbox is empty and says where replies come from", async () => {
    await page.goto(`/w/${slug}/inbox`);
    await expect(page.getByRole("heading", { level: 1, name: "Inbox" })).toBeVisible();
    await expect(page.getByText(/No conversations here/)).toBeVisible();
  });

  const phone = await browser.newPage({ viewport: PHONE });
  await test.step("a sandbox viewer replies under the story on the simulator's phone", async () => {
    await phone.goto(`${stack.simulatorUrl}/?platform=instagram&account=${instagram.externalAccountId}`);
    const reply = phone.locator("form").filter({ has: phone.getByRole("textbox", { name: /^Reply to / }) });
    await reply.getByLabel("Your name").fill(`Vera ${RUN}`);
    await reply.getByRole("textbox", { name: /^Reply to / }).fill(REPLY);
    await reply.getByRole("button", { name: "Send reply" }).click();
    await expect(phone.getByRole("status")).toContainText(/Sent/);
    await keepScreenshot(phone, "inbox-journey-simulator-reply-phone.png");
  });

  await test.step("the open inbox shows it without a reload, then the conversation with its frame", async () => {
    const list = page.getByRole("list", { name: "Conversations" });
    const row = list.getByRole("link").filter({ hasText: REPLY });
    await expect(row).toBeVisible({ timeout: 30_000 });
    await expect(row).toContainText("Instagram");
    await expect(page.getByRole("link", { name: /^Inbox, 1 unread/ })).toBeVisible();
    await bothWidths(page, "list");
    await row.click();
    const messages = page.getByRole("list", { name: "Messages" });
    await expect(messages).toContainText(REPLY);
    await expect(messages).toContainText("Replied to your story");
    // The frame it answers, matched by the media id publishing recorded, links to the story.
    const frame = messages.getByRole("link", { name: "Story frame 1" });
    await expect(frame).toBeVisible();
    // Loaded, not a broken image: a broken one is "complete" too, but has no width.
    await expect
      .poll(() => frame.locator("img").evaluate((img: HTMLImageElement) => img.naturalWidth))
      .toBeGreaterThan(0);
    // The person's picture, where their platform serves it, is allowed by the page's policy.
    await expect
      .poll(() =>
        page
          .locator("header img")
          .first()
          .evaluate((img: HTMLImageElement) => img.naturalWidth),
      )
      .toBeGreaterThan(0);
    await expect(page.getByTestId("window-countdown")).toContainText(/Reply window closes in 2[34] h/);
  });

  await test.step("she assigns it to herself and answers; the answer goes out once", async () => {
    await page.getByLabel("Assigned to").selectOption({ label: owner.name });
    await page.getByRole("button", { name: "Assign" }).click();
    await expect(
      page
        .getByRole("status")
        .filter({ hasText: `Assigned to ${owner.name}.` })
        .first(),
    ).toBeVisible();
    // The select shows who has it now, not the value it started with.
    await expect(page.getByLabel("Assigned to")).toHaveValue(/.+/);
    await expect(page.getByLabel("Assigned to").locator("option:checked")).toHaveText(owner.name);
    await page.getByLabel("Your reply").fill(ANSWER);
    await page.getByRole("button", { name: "Send" }).click();
    await expect(page.getByTestId("send-state").last()).toHaveText(/Sent/);
    await bothWidths(page, "conversation");
    const ledger = (await (
      await fetch(
        `${stack.simulatorUrl}/_sim/messages?platform=instagram&accountId=${instagram.externalAccountId}`,
      )
    ).json()) as { data: { text: string }[] };
    expect(ledger.data.map((m) => m.text)).toEqual([ANSWER]);
    // The platform's echo of our own answer (Meta sends one) is not filed as a second message.
    await expect
      .poll(async () => db().message.count({ where: { channelId: instagram.id, direction: "OUTBOUND" } }))
      .toBe(1);
    await page.reload();
    await expect(page.getByRole("list", { name: "Messages" }).getByText(ANSWER)).toHaveCount(1);
  });

  await test.step("the viewer's phone shows the brand's answer", async () => {
    await phone.reload();
    await expect(phone.getByRole("region", { name: "Messages from the brand" })).toContainText(ANSWER);
    await keepScreenshot(phone, "inbox-journey-simulator-answer-phone.png");
  });
  await phone.close();
});
