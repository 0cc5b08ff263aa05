import { expect, type Page, test } from "@playwright/test";
import { db, disconnectDb } from "@/lib/db/client";
import { connectSandboxChannels, newOwnerWithBrand, runId } from "./support/accounts";
import { confirmDialog } from "./support/feedback";
import { keepScreenshot } from "./support/screenshots";
import { stack } from "./support/stack";

// WhatsApp Status to a chosen audience (issue 16, decision 033): the owner makes a list of two of
// the number's contacts on the channel's Status audience page, picks "Only" that list for the
// WhatsApp channel in the composer, with the privacy panel beside it, and publishes a text status
// now; the simulator's ledger shows the status sent to exactly those two contacts, and the story
// page says which audience it went to.

const RUN = runId();
const owner = {
  name: "Ola Audience",
  email: `audience-${RUN}@e2e.storyrelay.test`,
  password: "a long enough passphrase",
  workspace: `Audience Agency ${RUN}`,
};
const LIST = `VIP customers ${RUN}`;
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

test.afterAll(async () => {
  await disconnectDb();
});

async function bothWidths(page: Page, name: string) {
  await page.setViewportSize(DESKTOP);
  await keepScreenshot(page, `status-audience-${name}-desktop.png`);
  await page.setViewportSize(PHONE);
  await keepScreenshot(page, `status-audience-${name}-phone.png`);
  await page.setViewportSize(DESKTOP);
}

test("a WhatsApp status goes only to the contacts of the list chosen in the composer", async ({ page }) => {
  test.setTimeout(150_000);
  await page.setViewportSize(DESKTOP);
  const { slug, brandId } = await newOwnerWithBrand(page, owner, {
    name: `Audience Bakery ${RUN}`,
    timeZone: "Europe/Lisbon",
  });
  const channels = await connectSandboxChannels(brandId);
  const whatsapp = channels.find((c) => c.platform === "WHATSAPP");
  if (!whatsapp) throw new Error("no sandbox WhatsApp channel was made");
  const chosen: string[] = [];

  await test.step("a list of two contacts on the channel's Status audience page", async () => {
    await page.goto(`/w/${slug}/connections`);
    await page.getByRole("link", { name: `Status audience of ${whatsapp.displayName}` }).click();
    await expect(page.getByRole("heading", { level: 1, name: /^Status audience: / })).toBeVisible();
    await page.getByLabel("New list").fill(LIST);
    await page.getByRole("button", { name: "Create list" }).click();
    await page.getByRole("link", { name: LIST }).click();
    await expect(page.getByRole("heading", { level: 2, name: `Editing “${LIST}”` })).toBeVisible();
    for (const nth of [0, 1]) {
      const add = page.getByRole("button", { name: new RegExp(`^Add .+ to ${LIST}$`) }).nth(nth);
      const name = ((await add.getAttribute("aria-label")) ?? "").replace(/^Add (.+) to .+$/, "$1");
      chosen.push(name);
      await add.click();
      await expect(page.getByRole("button", { name: `Remove ${name} from ${LIST}` })).toBeVisible();
    }
    await expect(
      page.getByRole("listitem").filter({ has: page.getByRole("link", { name: LIST, exact: true }) }),
    ).toContainText("2 contacts");
    await bothWidths(page, "lists");
  });

  await test.step("the composer sends a text status to that list only, with the privacy panel beside", async () => {
    await page.goto(`/w/${slug}/brands/${brandId}/compose`);
    const group = page.getByRole("group", { name: "Channels" });
    await group.getByRole("checkbox", { name: /Instagram/ }).uncheck();
    await group.getByRole("checkbox", { name: /Facebook/ }).uncheck();
    await page.getByLabel("Audience", { exact: true }).selectOption({ label: `Only ${LIST} (2)` });
    await expect(page.getByRole("region", { name: "Privacy on WhatsApp Status" })).toBeVisible();
    await page.getByText("Add text status (WhatsApp Status only)").click();
    await page.getByLabel("Status text").fill(`Fresh bread for our regulars ${RUN}`);
    await page.getByRole("button", { name: "Add text status" }).click();
    await expect(page.getByTestId("frame")).toHaveCount(1);
    await bothWidths(page, "composer");
    await page.getByRole("button", { name: "Publish now" }).click();
    await confirmDialog(page, "Publish now");
    await expect(page.getByTestId("target-state").first()).toHaveText("Published", { timeout: 60_000 });
    await expect(page.getByTestId("story-audience")).toContainText(LIST);
    await bothWidths(page, "story");
  });

  await test.step("the simulator received the status for exactly those two contacts", async () => {
    const ledger = (await (
      await fetch(
        `${stack.simulatorUrl}/_sim/ledger?platform=whatsapp&accountId=${whatsapp.externalAccountId}`,
      )
    ).json()) as { data: { contacts: string[] | null }[] };
    expect(ledger.data).toHaveLength(1);
    const list = await db().statusAudienceList.findFirstOrThrow({ where: { name: LIST } });
    expect([...(ledger.data[0]?.contacts ?? [])].sort()).toEqual([...list.contactIds].sort());
    expect(ledger.data[0]?.contacts).toHaveLength(2);
  });
});
