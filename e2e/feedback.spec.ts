import { expect, type Page, test } from "@playwright/test";
import { db, disconnectDb } from "@/lib/db/client";
import { makeMember, makeUser } from "@/prisma/factories";
import { connectSandboxChannels, newOwnerWithBrand, runId } from "./support/accounts";
import { count } from "./support/database";
import { confirmDialog, notifications } from "./support/feedback";
import { keepScreenshot } from "./support/screenshots";

// Every action ends in a result the person sees and hears (issue 11, item 1 and code item 6):
// - the outcome of an action is said in one notification region (aria-live), as well as beside
//   the control; a refusal names what is wrong, never "the marked fields" when none is marked;
// - irreversible actions ask first in an accessible dialog: Escape and Cancel change nothing,
//   the confirm button runs the action;
// - "Skip to content" is the first Tab stop of every page and moves focus to the page's main.

const RUN = runId();
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

// The tests are independent (each signs up an owner of its own), so they run on several workers at once:
// one after another they made this file one of the run's longest.
test.describe.configure({ mode: "parallel" });

test.afterAll(async () => {
  await disconnectDb();
});

function owner(tag: string) {
  return {
    name: "Fay Feedback",
    email: `feedback-${tag}-${RUN}@e2e.storyrelay.test`,
    password: "a long enough passphrase",
    workspace: `Feedback Agency ${tag} ${RUN}`,
  };
}

/** The viewport at both widths, then back to desktop; `name` is the file's stem. */
async function keepBothWidths(page: Page, name: string) {
  await page.setViewportSize(DESKTOP);
  await keepScreenshot(page, `${name}-desktop.png`);
  await page.setViewportSize(PHONE);
  await keepScreenshot(page, `${name}-phone.png`);
  await page.setViewportSize(DESKTOP);
}

async function storyStatus(storyId: string) {
  return (await db().story.findUniqueOrThrow({ where: { id: storyId } })).status;
}

test("Publish now on an empty draft asks first, and its refusal names what is wrong beside the button and in the notifications", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const { slug, brandId } = await newOwnerWithBrand(page, owner("publish"), {
    name: `Feedback Bakery ${RUN}`,
    timeZone: "Europe/Lisbon",
  });
  const channels = await connectSandboxChannels(brandId);
  const brand = await db().brand.findUniqueOrThrow({ where: { id: brandId } });
  const story = await db().story.create({
    data: { workspaceId: brand.workspaceId, brandId, title: "Summer sale", status: "DRAFT" },
  });
  await db().storyTarget.createMany({
    data: channels.map((channel) => ({
      workspaceId: brand.workspaceId,
      storyId: story.id,
      channelId: channel.id,
    })),
  });
  await page.goto(`/w/${slug}/stories/${story.id}`);
  const publish = page.getByRole("button", { name: "Publish now" });
  const control = page.locator("form").filter({ has: publish });
  const dialog = page.getByRole("alertdialog");

  await test.step("Escape leaves the draft as it was", async () => {
    await publish.click();
    await expect(dialog).toBeVisible();
    await expect(dialog).toHaveAccessibleName(`Publish “Summer sale” to ${channels.length} channels now?`);
    // Focus moves into the dialog, onto the safe choice.
    await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
    await keepBothWidths(page, "confirm-publish-now");
    await page.keyboard.press("Escape");
    await expect(dialog).toHaveCount(0);
    await expect(publish).toBeFocused();
    await expect(control.getByRole("alert")).toHaveCount(0);
    expect(await storyStatus(story.id)).toBe("DRAFT");
  });

  await test.step("Cancel leaves the draft as it was", async () => {
    await publish.click();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toHaveCount(0);
    await expect(control.getByRole("alert")).toHaveCount(0);
    await expect(notifications(page).getByTestId("toast")).toHaveCount(0);
    expect(await storyStatus(story.id)).toBe("DRAFT");
  });

  await test.step("confirming runs it: the refusal says what is wrong, beside the button and in the notifications", async () => {
    await publish.click();
    await confirmDialog(page, "Publish now");
    const beside = control.getByRole("alert");
    await expect(beside).toContainText("Add at least one frame.");
    await expect(beside).not.toContainText("marked");
    const toast = notifications(page).getByTestId("toast");
    await expect(toast).toHaveCount(1);
    await expect(toast).toHaveAttribute("data-outcome", "refusal");
    await expect(toast).toContainText("“Summer sale”: Add at least one frame.");
    // Hovering the region keeps the toast up while it is photographed.
    await toast.hover();
    await keepBothWidths(page, "toast-publish-now-refused");
    expect(await storyStatus(story.id)).toBe("DRAFT");
  });
});

test("members: a form's outcome is announced, and withdrawing an invite or removing a member asks first", async ({
  page,
}) => {
  test.setTimeout(90_000);
  const { slug } = await newOwnerWithBrand(page, owner("invite"), {
    name: `Invite Bakery ${RUN}`,
    timeZone: "Europe/Berlin",
  });
  const email = `guest-${RUN}@e2e.storyrelay.test`;
  await page.goto(`/w/${slug}/members`);
  const form = page.locator("form").filter({ has: page.getByRole("button", { name: "Create invite" }) });
  await form.getByLabel("E-mail").fill(email);
  await form.getByRole("button", { name: "Create invite" }).click();

  await test.step("a form's success is said in the notification region as well as beside it", async () => {
    await expect(form.getByRole("status").first()).toContainText(`Invite for ${email} created`);
    const toast = notifications(page)
      .getByTestId("toast")
      .filter({ hasText: `Invite for ${email} created` });
    await expect(toast).toHaveAttribute("data-outcome", "success");
    await toast.hover();
    await keepBothWidths(page, "toast-invite-created");
  });

  const invite = async () => db().invite.findFirstOrThrow({ where: { email }, select: { revokedAt: true } });
  const withdraw = page.getByRole("button", { name: `Withdraw the invite for ${email}` });
  const dialog = page.getByRole("alertdialog");

  await test.step("Cancel changes nothing", async () => {
    await withdraw.click();
    await expect(dialog).toHaveAccessibleName(`Withdraw the invite for ${email}?`);
    await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
    await keepBothWidths(page, "confirm-withdraw-invite");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toHaveCount(0);
    await expect(withdraw).toBeVisible();
    expect((await invite()).revokedAt).toBeNull();
  });

  await test.step("Confirm withdraws it, and says so", async () => {
    await withdraw.click();
    await confirmDialog(page, "Withdraw invite");
    await expect(
      notifications(page).getByTestId("toast").filter({ hasText: "Invite withdrawn." }),
    ).toHaveAttribute("data-outcome", "success");
    await expect(withdraw).toHaveCount(0);
    expect((await invite()).revokedAt).not.toBeNull();
  });

  await test.step("removing a member asks first, naming them; Escape keeps them, Confirm removes them", async () => {
    const workspace = await db().workspace.findUniqueOrThrow({ where: { slug } });
    const member = await makeUser(db(), { name: "Milo Member", email: `milo-${RUN}@e2e.storyrelay.test` });
    await makeMember(db(), workspace, "EDITOR", { userId: member.id });
    const memberships = () => count(`"Membership" WHERE "userId" = $1`, [member.id]);
    await page.reload();
    const row = page.getByTestId("member").filter({ hasText: member.email });
    await row.locator("summary", { hasText: "Change" }).click();
    const remove = row.getByRole("button", { name: "Remove from workspace" });
    await remove.click();
    await expect(dialog).toHaveAccessibleName(`Remove Milo Member from ${workspace.name}?`);
    await page.keyboard.press("Escape");
    await expect(dialog).toHaveCount(0);
    await expect(remove).toBeFocused();
    expect(await memberships()).toBe(1);

    await remove.click();
    await confirmDialog(page, "Remove member");
    await expect(
      notifications(page).getByTestId("toast").filter({ hasText: "Member removed." }),
    ).toHaveAttribute("data-outcome", "success");
    await expect(page.getByTestId("member").filter({ hasText: member.email })).toHaveCount(0);
    expect(await memberships()).toBe(0);
  });
});

test("Skip to content is the first Tab stop of every page and moves focus to the page's main", async ({
  page,
}) => {
  test.setTimeout(90_000);
  const pages = ["/sign-in", "/no-such-page"];
  const { slug, brandId } = await newOwnerWithBrand(page, owner("skip"), {
    name: `Skip Bakery ${RUN}`,
    timeZone: "Europe/Paris",
  });
  pages.push(`/w/${slug}`, `/w/${slug}/brands/${brandId}`, `/w/${slug}/members`, "/w/new", "/api-reference");
  for (const path of pages) {
    await test.step(path, async () => {
      await page.goto(path);
      await page.keyboard.press("Tab");
      const skip = page.getByRole("link", { name: "Skip to content" });
      await expect(skip).toBeFocused();
      await expect(skip).toBeVisible();
      if (path === `/w/${slug}`) await keepScreenshot(page, "skip-link.png");
      await page.keyboard.press("Enter");
      await expect(page.locator("main#main")).toBeFocused();
      // The next Tab continues inside the page's content, past the header.
      await page.keyboard.press("Tab");
      expect(
        await page.evaluate(() => document.querySelector("main")?.contains(document.activeElement)),
      ).toBe(true);
    });
  }
});

// A button whose action runs through the page's scripts (ActionButtonForm: it announces the
// outcome) cannot work before they run: React renders its form with an action that throws, so a
// click then was lost without a word. It is shown disabled until the page hydrates.
test("a button that needs the page's scripts is disabled until they run, then its click shows the outcome", async ({
  browser,
  page,
}) => {
  test.setTimeout(90_000);
  const { slug, brandId } = await newOwnerWithBrand(page, owner("early"), {
    name: `Early Bakery ${RUN}`,
    timeZone: "Europe/Lisbon",
  });
  const brandPage = `/w/${slug}/brands/${brandId}`;

  await test.step("the server's page, as it stands before scripts run: the button is disabled", async () => {
    const noScripts = await browser.newContext({
      javaScriptEnabled: false,
      storageState: await page.context().storageState(),
    });
    const bare = await noScripts.newPage();
    await bare.goto(brandPage);
    const feed = bare.getByRole("region", { name: "Calendar feed" });
    await expect(feed.getByRole("button", { name: "Create the feed URL" })).toBeDisabled();
    // For browsers with scripts off. (Playwright only stops scripts from running; its parser still
    // treats <noscript> as text, so the note is read from there rather than seen.)
    expect(await feed.locator("noscript").innerHTML()).toContain(
      "This button needs JavaScript, which is off in this browser.",
    );
    for (const [width, size] of [
      ["desktop", DESKTOP],
      ["phone", PHONE],
    ] as const) {
      await bare.setViewportSize(size);
      await keepScreenshot(feed, `early-click-no-scripts-${width}.png`);
    }
    await noScripts.close();
  });

  await test.step("with scripts, on a phone, the same button works and says what it did", async () => {
    await page.setViewportSize(PHONE);
    await page.goto(brandPage);
    await page.getByRole("button", { name: "Create the feed URL" }).click();
    // The long URL wraps, in the notification and beside the button, instead of running off the
    // screen. The notification first: it leaves after a few seconds.
    const toast = page.getByTestId("toast").filter({ hasText: "Feed URL" });
    const shown = page.locator("#main").getByText(/Feed URL: http\S+\.ics/);
    for (const message of [toast, shown]) {
      await expect(message).toBeVisible();
      const box = await message.boundingBox();
      expect(box && box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    }
    await keepScreenshot(
      page.getByRole("region", { name: "Calendar feed" }),
      "early-click-feed-url-phone.png",
    );
  });
});
