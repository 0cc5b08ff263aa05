import path from "node:path";
import { type Browser, expect, type Locator, type Page, test } from "@playwright/test";
import { count, sql } from "./support/database";

// The foundation, end to end in a real browser: sign up → create a brand → invite a member → the
// member accepts → a viewer cannot create a brand (hidden in the UI, refused by the server) → a
// user of another workspace gets 404 on the first workspace's pages. Along the way, the bad input
// of the issue: weak password, duplicate e-mail, unknown time zone, reused and expired invites,
// each with a clear message and nothing written.
//
// One test, because each step builds on the last; test.step names them in the report. Every run
// uses fresh addresses and names, so reruns against the same test database never collide.

const RUN = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const PASSWORD = "a long enough passphrase";
const SCREENSHOTS = path.join(import.meta.dirname, "..", "test-results", "screenshots");

const address = (who: string) => `${who}-${RUN}@e2e.storyrelay.test`;
const owner = { name: "Olivia Owner", email: address("owner"), workspace: `Relay Agency ${RUN}` };
const member = { name: "Max Member", email: address("member") };
const stranger = { name: "Sam Stranger", email: address("stranger"), workspace: `Elsewhere ${RUN}` };
const lateInvitee = address("late");
const brandName = `Nordlicht Bakery ${RUN}`;
const staleFormBrandName = `Stale Form Brand ${RUN}`;

/** A separate person: their own browser context, so cookies never mix. */
async function personPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  return context.newPage();
}

async function submitSignUp(
  page: Page,
  fields: { name: string; email: string; password: string; workspace: string },
) {
  await page.getByLabel("Your name").fill(fields.name);
  await page.getByLabel("E-mail").fill(fields.email);
  await page.getByLabel("Password", { exact: true }).fill(fields.password);
  await page.getByLabel("Workspace name").fill(fields.workspace);
  await page.getByRole("button", { name: "Create account" }).click();
}

/** Waits for the landing page of a workspace and returns its slug. */
async function landedWorkspaceSlug(page: Page, workspaceName: string): Promise<string> {
  await expect(page).toHaveURL(/\/w\/[a-z0-9-]+$/);
  await expect(page.getByRole("heading", { level: 1, name: workspaceName })).toBeVisible();
  const slug = new URL(page.url()).pathname.split("/")[2];
  if (!slug) throw new Error(`No workspace slug in ${page.url()}`);
  return slug;
}

/** A form's message: scoped to the page's main, since Next's route announcer is an empty alert too. */
function formAlert(page: Page): Locator {
  return page.getByRole("main").getByRole("alert");
}

function memberRow(page: Page, email: string): Locator {
  return page.getByTestId("member").filter({ hasText: email });
}

/** The role badge of a member row (the closed "Change" disclosure's options are not visible). */
async function expectRoleBadge(row: Locator, role: string) {
  await expect(row.getByText(role, { exact: true }).filter({ visible: true })).toBeVisible();
}

/** The owner creates an invite on the members page and returns the link the page shows. */
async function createInvite(page: Page, slug: string, email: string, role?: string): Promise<string> {
  await page.goto(`/w/${slug}/members`);
  const form = page.locator("form").filter({ has: page.getByRole("button", { name: "Create invite" }) });
  await form.getByLabel("E-mail").fill(email);
  if (role) await form.getByLabel("Role").selectOption({ label: role });
  await form.getByRole("button", { name: "Create invite" }).click();
  await expect(form.getByRole("status").first()).toContainText(`Invite for ${email} created`);
  const link = form.getByLabel(`Invite link for ${email}`);
  await expect(link).toHaveValue(/\/invite\/[\w-]{20,}$/);
  return link.inputValue();
}

/** The owner changes a member's role through the row's "Change" disclosure. */
async function changeRole(page: Page, slug: string, email: string, role: "Admin" | "Viewer") {
  await page.goto(`/w/${slug}/members`);
  const row = memberRow(page, email);
  await row.getByText("Change", { exact: true }).click();
  await row.getByLabel("Role").selectOption({ label: role });
  await row.getByRole("button", { name: "Save member" }).click();
  await expect(row.getByRole("status")).toHaveText("Member updated.");
  await page.reload();
  await expectRoleBadge(memberRow(page, email), role);
}

test("sign-up, brand, invite, viewer limits and tenant isolation, with bad input refused", async ({
  browser,
}) => {
  const ownerPage = await personPage(browser);
  const strangerPage = await personPage(browser);
  let slug = "";
  let brandId = "";
  let inviteLink = "";

  await test.step("sign-up refuses a weak password and writes nothing", async () => {
    await ownerPage.goto("/sign-up");
    await submitSignUp(ownerPage, { ...owner, password: "short" });
    const password = ownerPage.getByLabel("Password", { exact: true });
    await expect(password).toHaveAttribute("aria-invalid", "true");
    await expect(password).toHaveAccessibleDescription(/Use at least 10 characters\./);
    // The summary names the problem itself, not "the marked fields".
    await expect(formAlert(ownerPage)).toHaveText("Use at least 10 characters.");
    await expect(ownerPage).toHaveURL(/\/sign-up$/);
    expect(await count(`"User" WHERE email = $1`, [owner.email])).toBe(0);
    expect(await count(`"Workspace" WHERE name = $1`, [owner.workspace])).toBe(0);
  });

  await test.step("the owner signs up and lands in their new workspace", async () => {
    await submitSignUp(ownerPage, { ...owner, password: PASSWORD });
    slug = await landedWorkspaceSlug(ownerPage, owner.workspace);
    await expect(ownerPage.getByText("(Owner)", { exact: true })).toBeVisible();
  });

  await test.step("signing up again with the same e-mail is refused and writes nothing", async () => {
    const duplicateWorkspace = `Duplicate ${RUN}`;
    await strangerPage.goto("/sign-up");
    await submitSignUp(strangerPage, { ...owner, password: PASSWORD, workspace: duplicateWorkspace });
    await expect(formAlert(strangerPage)).toContainText("An account with this e-mail already exists");
    await expect(strangerPage.getByLabel("E-mail")).toHaveAccessibleDescription(
      "An account with this e-mail already exists.",
    );
    await expect(strangerPage).toHaveURL(/\/sign-up$/);
    expect(await count(`"User" WHERE email = $1`, [owner.email])).toBe(1);
    expect(await count(`"Workspace" WHERE name = $1`, [duplicateWorkspace])).toBe(0);
  });

  await test.step("a brand with an unknown time zone is refused and not created", async () => {
    await ownerPage.goto(`/w/${slug}/brands`);
    await expect(ownerPage.getByRole("main").getByText("No brands yet.", { exact: true })).toBeVisible();
    await ownerPage.getByLabel("Brand name").fill(brandName);
    await ownerPage.getByLabel("Time zone").fill("Mars/Olympus_Mons");
    await ownerPage.getByRole("button", { name: "Create brand" }).click();
    const zone = ownerPage.getByLabel("Time zone");
    await expect(zone).toHaveAttribute("aria-invalid", "true");
    await expect(zone).toHaveAccessibleDescription(/"Mars\/Olympus_Mons" is not a known IANA time zone/);
    await expect(formAlert(ownerPage)).toContainText('"Mars/Olympus_Mons" is not a known IANA time zone');
    await expect(ownerPage).toHaveURL(new RegExp(`/w/${slug}/brands$`));
    await ownerPage.reload();
    await expect(ownerPage.getByRole("main").getByText("No brands yet.", { exact: true })).toBeVisible();
    expect(await count(`"Brand" WHERE name = $1`, [brandName])).toBe(0);
  });

  await test.step("the owner creates a brand in Europe/Berlin", async () => {
    await ownerPage.getByLabel("Brand name").fill(brandName);
    await ownerPage.getByLabel("Time zone").fill("Europe/Berlin");
    await ownerPage.getByRole("button", { name: "Create brand" }).click();
    await expect(ownerPage).toHaveURL(new RegExp(`/w/${slug}/brands/[^/]+$`));
    brandId = new URL(ownerPage.url()).pathname.split("/").at(-1) ?? "";
    await expect(ownerPage.getByRole("heading", { level: 1, name: brandName })).toBeVisible();
    await expect(ownerPage.getByText(/^Europe\/Berlin \(UTC\+0[12]:00 now\)$/)).toBeVisible();
    await ownerPage.screenshot({ path: path.join(SCREENSHOTS, "brand.png"), fullPage: true });
  });

  await test.step("the owner invites a member as Viewer", async () => {
    inviteLink = await createInvite(ownerPage, slug, member.email, "Viewer");
    const pending = ownerPage
      .getByRole("listitem")
      .filter({ hasText: member.email })
      .filter({ has: ownerPage.getByRole("button", { name: "Withdraw" }) });
    await expect(pending).toContainText("Viewer");
    await expect(pending.getByRole("button", { name: "Withdraw" })).toBeVisible();
  });

  const memberPage = await personPage(browser);

  await test.step("the member accepts with a new account and lands in the workspace", async () => {
    await memberPage.goto(inviteLink);
    await expect(memberPage.getByRole("heading", { name: `Join ${owner.workspace}` })).toBeVisible();
    await expect(memberPage.getByLabel("E-mail")).toHaveValue(member.email);
    await memberPage.getByLabel("Your name").fill(member.name);
    await memberPage.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await memberPage.getByRole("button", { name: "Create account and join" }).click();
    await expect(memberPage).toHaveURL(new RegExp(`/w/${slug}$`));
    await expect(memberPage.getByRole("heading", { level: 1, name: owner.workspace })).toBeVisible();
    await expect(memberPage.getByText("(Viewer)", { exact: true })).toBeVisible();

    await ownerPage.goto(`/w/${slug}/members`);
    const row = memberRow(ownerPage, member.email);
    await expect(row).toContainText(member.name);
    await expectRoleBadge(row, "Viewer");
    await expect(ownerPage.getByRole("listitem").filter({ hasText: member.email })).toHaveCount(1);
    await ownerPage.screenshot({ path: path.join(SCREENSHOTS, "members.png"), fullPage: true });
  });

  await test.step("the used invite link cannot be used again", async () => {
    await strangerPage.goto(inviteLink);
    await expect(strangerPage.getByRole("heading", { name: "Invite can't be used" })).toBeVisible();
    await expect(formAlert(strangerPage)).toContainText("already been used");
    await expect(strangerPage.getByRole("button", { name: "Create account and join" })).toHaveCount(0);
  });

  await test.step("a viewer sees no brand form", async () => {
    await memberPage.goto(`/w/${slug}/brands`);
    await expect(memberPage.getByRole("heading", { level: 1, name: "Brands" })).toBeVisible();
    await expect(memberPage.getByRole("main").getByRole("link", { name: brandName })).toBeVisible();
    await expect(memberPage.getByRole("heading", { name: "New brand" })).toHaveCount(0);
    await expect(memberPage.getByRole("button", { name: "Create brand" })).toHaveCount(0);
  });

  await test.step("the server refuses a brand from a viewer's stale form", async () => {
    // Admin for a moment: the member's page now shows the form, which they fill in...
    await changeRole(ownerPage, slug, member.email, "Admin");
    await memberPage.goto(`/w/${slug}/brands`);
    await expect(memberPage.getByRole("heading", { name: "New brand" })).toBeVisible();
    await memberPage.getByLabel("Brand name").fill(staleFormBrandName);
    await memberPage.getByLabel("Time zone").fill("Europe/Paris");
    // ...and are demoted to viewer before they submit it.
    await changeRole(ownerPage, slug, member.email, "Viewer");
    await memberPage.getByRole("button", { name: "Create brand" }).click();
    await expect(formAlert(memberPage)).toHaveText("Your role (viewer) cannot create brands.");
    await expect(memberPage).toHaveURL(new RegExp(`/w/${slug}/brands$`));
    expect(await count(`"Brand" WHERE name = $1`, [staleFormBrandName])).toBe(0);

    await ownerPage.goto(`/w/${slug}/brands`);
    await expect(ownerPage.getByRole("main").getByRole("link", { name: brandName })).toBeVisible();
    await expect(ownerPage.getByRole("link", { name: staleFormBrandName })).toHaveCount(0);
  });

  await test.step("a user of another workspace gets 404 on this workspace's pages", async () => {
    await strangerPage.goto("/sign-up");
    await submitSignUp(strangerPage, { ...stranger, password: PASSWORD });
    const strangerSlug = await landedWorkspaceSlug(strangerPage, stranger.workspace);
    expect(strangerSlug).not.toBe(slug);

    for (const url of [`/w/${slug}/brands/${brandId}`, `/w/${slug}`]) {
      const response = await strangerPage.goto(url);
      expect(response?.status(), url).toBe(404);
      await expect(strangerPage.getByRole("heading", { name: "Not found" })).toBeVisible();
      await expect(strangerPage.getByText(brandName)).toHaveCount(0);
      await expect(strangerPage.getByText(owner.workspace)).toHaveCount(0);
    }
  });

  await test.step("an expired invite link says so and lets nobody join", async () => {
    const link = await createInvite(ownerPage, slug, lateInvitee);
    const aged = await sql(
      `UPDATE "Invite" SET "expiresAt" = now() - interval '1 minute' WHERE email = $1 RETURNING id`,
      [lateInvitee],
    );
    expect(aged).toHaveLength(1);

    const latePage = await personPage(browser);
    await latePage.goto(link);
    await expect(latePage.getByRole("heading", { name: "Invite can't be used" })).toBeVisible();
    await expect(formAlert(latePage)).toContainText("expired");
    await expect(latePage.getByRole("button", { name: "Create account and join" })).toHaveCount(0);
    expect(await count(`"User" WHERE email = $1`, [lateInvitee])).toBe(0);

    await ownerPage.reload();
    await expect(ownerPage.getByRole("listitem").filter({ hasText: lateInvitee })).toContainText("expired");
    await latePage.context().close();
  });

  for (const page of [ownerPage, strangerPage, memberPage]) await page.context().close();
});
