import { expect, test } from "@playwright/test";
import { disconnectDb } from "@/lib/db/client";
import { newOwnerWithBrand, runId } from "./support/accounts";
import { keepScreenshot } from "./support/screenshots";

// An invite link is shown once (only its hash is stored): each link made during a visit stays on
// the page with its own copy button, a second invite does not replace the first, and the expiry
// reads as a date in the viewer's zone, not a raw GMT string.

const RUN = runId();
const owner = {
  name: "Ines Inviter",
  email: `invites-${RUN}@e2e.storyrelay.test`,
  password: "a long enough passphrase",
  workspace: `Invites Agency ${RUN}`,
};

test.afterAll(async () => {
  await disconnectDb();
});

test("each invite link made in a visit stays, with a copy button and a readable expiry", async ({
  page,
  context,
}) => {
  test.setTimeout(60_000);
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const { slug } = await newOwnerWithBrand(page, owner, {
    name: `Invite Bakery ${RUN}`,
    timeZone: "Europe/Berlin",
  });

  for (const [label, viewport] of [
    ["desktop", { width: 1280, height: 900 }],
    ["phone", { width: 390, height: 844 }],
  ] as const) {
    await page.setViewportSize(viewport);
    await page.goto(`/w/${slug}/members`);
    const form = page.locator("form").filter({ has: page.getByRole("button", { name: "Create invite" }) });
    const first = `first-${label}-${RUN}@e2e.storyrelay.test`;
    const second = `second-${label}-${RUN}@e2e.storyrelay.test`;
    for (const email of [first, second]) {
      await form.getByLabel("E-mail", { exact: true }).fill(email);
      await form.getByRole("button", { name: "Create invite" }).click();
      await expect(form.getByText(`Invite for ${email} created`)).toBeVisible();
    }
    const firstLink = form.getByLabel(`Invite link for ${first}`);
    const secondLink = form.getByLabel(`Invite link for ${second}`);
    await expect(firstLink).toHaveValue(/\/invite\/[\w-]{20,}$/);
    await expect(secondLink).toHaveValue(/\/invite\/[\w-]{20,}$/);
    expect(await firstLink.inputValue()).not.toBe(await secondLink.inputValue());

    const firstItem = form.getByTestId("invite-link").filter({ hasText: first });
    await firstItem.getByRole("button", { name: "Copy link" }).click();
    await expect(firstItem.getByRole("status")).toHaveText("Copied.");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await firstLink.inputValue());
    await expect(firstItem).toContainText(/Works once, until \S/);
    await expect(firstItem).not.toContainText("GMT");

    // The pending list names the expiry the same way.
    const pending = page.getByRole("listitem").filter({ hasText: second }).filter({ hasText: "expires" });
    await expect(pending.getByText(/^expires /)).toBeVisible();
    await expect(pending).not.toContainText("GMT");
    await keepScreenshot(page, `invites-${label}.png`);
  }
});
