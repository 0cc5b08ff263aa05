import fs from "node:fs";
import { type Browser, expect, type Page, test } from "@playwright/test";
import { db, disconnectDb } from "@/lib/db/client";
import { makeBrand, makeMember, makeUser, makeWorkspace } from "@/prisma/factories";
import { runId } from "./support/accounts";
import { keepScreenshot } from "./support/screenshots";
import { signInAs, signInThroughForm } from "./support/sign-in";

// The audit log (issue 16): an owner signs in and changes a few settings, opens the log from the
// settings page, sees each action with who did it, filters it, and downloads the CSV of what the
// filter shows (itself then audited); at 1280 and 390 px. An editor is refused the page.

const RUN = runId();
const ZONE = "Europe/Berlin";

let seed: { slug: string; owner: string; editor: string; brandName: string };

test.use({ timezoneId: ZONE, locale: "en-US", viewport: { width: 1280, height: 900 } });

test.beforeAll(async () => {
  const owner = await makeUser(db(), { name: "Olga Owner", email: `audit-owner-${RUN}@e2e.storyrelay.test` });
  const { workspace } = await makeWorkspace(db(), { name: `Audit Agency ${RUN}`, ownerId: owner.id });
  const brand = await makeBrand(db(), workspace.id, { name: `Audit Bakery ${RUN}`, timeZone: ZONE });
  const editor = await makeUser(db(), {
    name: "Edie Editor",
    email: `audit-editor-${RUN}@e2e.storyrelay.test`,
  });
  await makeMember(db(), workspace, "EDITOR", { userId: editor.id });
  seed = { slug: workspace.slug, owner: owner.email, editor: editor.email, brandName: brand.name };
});

test.afterAll(async () => {
  await disconnectDb();
});

const pageOptions = (width: number) => ({
  timezoneId: ZONE,
  locale: "en-US",
  viewport: { width, height: 900 },
});
const signIn = (browser: Browser, email: string, width = 1280): Promise<Page> =>
  signInAs(browser, email, { page: pageOptions(width) });

const entries = (page: Page) => page.getByTestId("audit-entry");

test("an owner reads, filters and downloads the audit log; an editor is refused", async ({ browser }) => {
  test.setTimeout(120_000);
  // Through the form: the log shows that sign-in.
  const owner = await signInThroughForm(browser, seed.owner, { page: pageOptions(1280) });

  await test.step("the owner renames the workspace and the brand's settings are changed", async () => {
    await owner.goto(`/w/${seed.slug}/settings`);
    await owner.getByLabel("Workspace name").fill(`Audit Agency ${RUN} renamed`);
    await owner.getByRole("button", { name: "Rename" }).click();
    await expect(owner.getByRole("status").first()).toBeVisible();
  });

  await test.step("the log, from the settings page: newest first, who and what", async () => {
    await owner.goto(`/w/${seed.slug}/settings`);
    await owner.getByRole("link", { name: /Audit log/ }).click();
    await expect(owner.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
    await expect(entries(owner).first()).toContainText("Olga Owner Renamed the workspace");
    await expect(owner.locator('[data-action="auth.sign_in"]').first()).toContainText("Signed in");
    await keepScreenshot(owner, "audit-log-1280.png");
  });

  await test.step("filtered to settings, the sign-in is gone", async () => {
    await owner.getByTestId("audit-filters").getByLabel("What").selectOption("settings");
    await owner.getByRole("button", { name: "Show" }).click();
    await expect(owner).toHaveURL(/group=settings/);
    await expect(owner.locator('[data-action="workspace.rename"]')).toHaveCount(1);
    await expect(owner.locator('[data-action="auth.sign_in"]')).toHaveCount(0);
  });

  await test.step("the CSV holds what the filter shows, and the download is audited", async () => {
    const download = owner.waitForEvent("download");
    await owner.getByRole("link", { name: "Download CSV" }).click();
    const file = await (await download).path();
    const text = fs.readFileSync(file, "utf8");
    const lines = text.trim().split("\r\n");
    expect(lines[0]).toBe(
      "at_utc,action,what,who,actor_kind,actor_id,entity_type,entity_id,brand,brand_id,story,story_id,channel,channel_id,ip,user_agent,details",
    );
    expect(text).toContain("workspace.rename,Renamed the workspace,Olga Owner,member");
    expect(text).not.toContain("auth.sign_in");
    await owner.getByRole("link", { name: "Clear" }).click();
    await expect(owner.locator('[data-action="export.audit"]').first()).toContainText(
      "Olga Owner Exported the audit log (CSV)",
    );
  });

  await test.step("at phone width, every entry still reads", async () => {
    const phone = await signIn(browser, seed.owner, 390);
    await phone.goto(`/w/${seed.slug}/settings/audit`);
    await expect(entries(phone).first()).toBeVisible();
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await keepScreenshot(phone, "audit-log-390.png");
    await phone.close();
  });
  await owner.close();

  await test.step("an editor gets the not-found page, the CSV too", async () => {
    const editor = await signIn(browser, seed.editor);
    await editor.goto(`/w/${seed.slug}/settings`);
    await expect(editor.getByRole("link", { name: /Audit log/ })).toHaveCount(0);
    const page = await editor.goto(`/w/${seed.slug}/settings/audit`);
    expect(page?.status()).toBe(404);
    await expect(editor.getByRole("heading", { level: 1, name: "Not found" })).toBeVisible();
    const csv = await editor.request.get(`/w/${seed.slug}/settings/audit/export.csv`);
    expect(csv.status()).toBe(404);
    await editor.close();
  });
});
