import { expect, type Page, test } from "@playwright/test";
import { db, disconnectDb } from "@/lib/db/client";
import { createLogger } from "@/lib/logger";
import { createPublishQueues, type PublishQueues } from "@/lib/queue/publish-queues";
import { scheduleStory } from "@/lib/stories/schedule-story";
import { resolveWorkspaceContext } from "@/lib/workspaces/resolve-workspace-context";
import { jpeg } from "@/test/media/media-fixtures";
import { newOwnerWithBrand, runId } from "./support/accounts";
import { readyMediaAsset } from "./support/ready-media";
import { keepScreenshot } from "./support/screenshots";
import { stack } from "./support/stack";

// WhatsApp by QR code against the bundled WAHA simulator as the person's gateway: the QR code shows
// live, the simulator's phone "scans" it, the page shows WORKING and the number, and a story goes
// out. Then the phone unlinks: the story is held, Re-pair shows a new QR code, a scan, and the held
// story goes out once.

const RUN = runId();
const owner = {
  name: "Quinn QR",
  email: `qr-${RUN}@e2e.storyrelay.test`,
  password: "a long enough passphrase",
  workspace: `QR Agency ${RUN}`,
};
const brandName = `Harbour Deli ${RUN}`;
const session = `deli-${RUN}`;
const apiKey = `gateway-key-${RUN}`;
const PNG_MAGIC = "89504e470d0a1a0a";

let queues: PublishQueues;

test.use({ locale: "en-US", viewport: { width: 1280, height: 900 } });

test.beforeAll(() => {
  queues = createPublishQueues(stack.redisUrl);
});
test.afterAll(async () => {
  await queues.close();
  await disconnectDb();
});

async function simulator(method: "GET" | "POST", path: string, body?: unknown) {
  const response = await fetch(`${stack.simulatorUrl}/_sim/${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.ok, await response.clone().text()).toBe(true);
  return response.json();
}

async function ledgerCount(): Promise<number> {
  return (await simulator("GET", `ledger?platform=whatsapp&accountId=${session}`)).count;
}

/** The QR code on the page is an image, and the image is a PNG. */
async function expectQrImage(page: Page) {
  const qr = page.getByRole("img", { name: "WhatsApp QR code to scan with the phone" });
  await expect(qr).toBeVisible({ timeout: 15_000 });
  const src = (await qr.getAttribute("src")) ?? "";
  expect(src.startsWith("data:image/png;base64,")).toBe(true);
  const bytes = Buffer.from(src.slice("data:image/png;base64,".length), "base64");
  expect(bytes.subarray(0, 8).toString("hex")).toBe(PNG_MAGIC);
  expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  expect(src).not.toContain(apiKey);
}

async function publishNow(slug: string, brandId: string, channelId: string, title: string) {
  const user = await db().user.findUniqueOrThrow({ where: { email: owner.email } });
  const ctx = await resolveWorkspaceContext(db(), user.id, slug);
  const frame = await readyMediaAsset(ctx, {
    bytes: Buffer.concat([jpeg({ width: 1080, height: 1920 }), Buffer.from(`${title}-${RUN}`)]),
    originalName: `${title}.jpg`,
    brandId,
  });
  const story = await scheduleStory({ db: db(), queues, logger: createLogger("e2e", "silent") }, ctx, {
    brandId,
    title,
    channelIds: [channelId],
    frames: [frame.id],
    when: { now: true },
  });
  return story.id;
}

async function targetState(storyId: string): Promise<string> {
  const target = await db().storyTarget.findFirstOrThrow({ where: { storyId } });
  return target.state;
}

test("pair WhatsApp by QR code, publish, lose the link, re-pair, and the held story goes out once", async ({
  page,
}) => {
  test.setTimeout(240_000);
  const { slug, brandId } = await newOwnerWithBrand(page, owner, {
    name: brandName,
    timeZone: "Europe/Amsterdam",
  });
  let channelId = "";

  await test.step("Connect WhatsApp (scan a QR code): the gateway once, then the live QR code", async () => {
    await page.getByRole("link", { name: "Connect WhatsApp (scan a QR code)" }).click();
    await page.getByLabel("Gateway URL").fill(`${stack.simulatorUrl}/waha`);
    await page.getByLabel("Session name").fill(session);
    await page.getByLabel("API key").fill(apiKey);
    // The acknowledgement is required: refused beside the form, nothing started.
    await page.getByRole("button", { name: "Show the QR code" }).click();
    await expect(
      page.getByRole("form", { name: "Connect WhatsApp by QR code" }).getByRole("alert"),
    ).toContainText("Confirm that you understand the risk");
    expect(await db().whatsAppPairing.count({ where: { brandId } })).toBe(0);
    await page.getByLabel("API key").fill(apiKey);
    await page.getByLabel(/I understand that posting WhatsApp Status/).check();
    await keepScreenshot(page, "whatsapp-qr-form-1280.png");
    await page.getByRole("button", { name: "Show the QR code" }).click();
    await expect(page).toHaveURL(/\/channels\/whatsapp\?pairing=/);
    await expectQrImage(page);
    await expect(page.getByTestId("session-state")).toContainText("SCAN_QR_CODE");
    await keepScreenshot(page, "whatsapp-qr-code-1280.png");
    await page.setViewportSize({ width: 390, height: 844 });
    await keepScreenshot(page, "whatsapp-qr-code-390.png");
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(await page.content()).not.toContain(apiKey);
  });

  await test.step("the phone scans it: WORKING, the number, and the channel saved", async () => {
    await simulator("POST", `sessions/${session}/scan`);
    await expect(page.getByTestId("session-state")).toContainText("WORKING", { timeout: 15_000 });
    await expect(page.getByTestId("paired-number")).toHaveText(/^\+316\d{8}$/);
    await expect(page.locator("p[role=status]", { hasText: /^Connected / })).toBeVisible();
    await keepScreenshot(page, "whatsapp-qr-working-1280.png");
    const channel = await db().channel.findFirstOrThrow({ where: { brandId, externalAccountId: session } });
    expect(channel).toMatchObject({ status: "CONNECTED", sessionState: "WORKING" });
    channelId = channel.id;
    await page.getByRole("link", { name: "Back to the brand" }).click();
    await expect(page.getByTestId("session-state")).toContainText("Session WORKING");
  });

  await test.step("a story publishes to it", async () => {
    const storyId = await publishNow(slug, brandId, channelId, "Opening");
    await expect.poll(() => targetState(storyId), { timeout: 90_000 }).toBe("PUBLISHED");
    expect(await ledgerCount()).toBe(1);
  });

  let heldStoryId = "";
  await test.step("the phone unlinks: the next story is held and the channel needs re-pairing", async () => {
    await simulator("POST", "faults", { kind: "logout", platform: "whatsapp", accountId: session });
    heldStoryId = await publishNow(slug, brandId, channelId, "Lunch");
    await expect.poll(() => targetState(heldStoryId), { timeout: 90_000 }).toBe("NEEDS_REAUTH");
    await page.reload();
    await expect(page.getByRole("list", { name: "Channels" }).getByText(/the session failed/)).toBeVisible();
    await keepScreenshot(page, "whatsapp-needs-repair-1280.png");
  });

  await test.step("Re-pair: a new QR code, a scan, and the held story goes out once", async () => {
    await page.getByRole("button", { name: /^Re-pair / }).click();
    await expect(page).toHaveURL(/\/channels\/whatsapp\?pairing=/);
    await expectQrImage(page);
    // This time the phone on the simulators' page scans it, as a person would with their phone.
    const phone = await page.context().newPage();
    await phone.goto(stack.simulatorUrl);
    await expect(phone.getByRole("img", { name: `QR code of session ${session}` })).toBeVisible();
    await phone.locator(`button[data-scan="${session}"]`).click();
    await expect(phone.locator(`button[data-scan="${session}"]`)).toHaveCount(0);
    await phone.close();
    await expect(page.getByTestId("session-state")).toContainText("WORKING", { timeout: 15_000 });
    await expect(page.locator("p[role=status]", { hasText: /^Re-paired / })).toBeVisible();
    await expect.poll(() => targetState(heldStoryId), { timeout: 90_000 }).toBe("PUBLISHED");
    expect(await ledgerCount()).toBe(2);
    await page.getByRole("link", { name: "Back to the brand" }).click();
    await expect(page.getByTestId("session-state")).toContainText("Session WORKING");
    await keepScreenshot(page, "whatsapp-repaired-1280.png");
    await page.setViewportSize({ width: 390, height: 844 });
    await keepScreenshot(page, "whatsapp-repaired-390.png");
  });

  await test.step("a forged pairing id shows a refusal, and no session state", async () => {
    await page.goto(`/w/${slug}/brands/${brandId}/channels/whatsapp?pairing=forged-${RUN}`);
    await expect(page.locator("p[role=alert]")).toContainText("This pairing does not exist");
    await expect(page.getByTestId("session-state")).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Start again" })).toBeVisible();
  });
});
