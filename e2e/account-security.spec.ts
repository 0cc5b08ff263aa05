import { type Browser, expect, type Page, test } from "@playwright/test";
import { generate } from "otplib";
import { db } from "@/lib/db/client";
import { FACTORY_PASSWORD, makeMember, makeUser, makeWorkspace } from "@/prisma/factories";
import { keepScreenshot } from "./support/screenshots";

// Account security in a real browser (docs/decisions/031-account-security.md): the pages carry a
// nonce-based CSP that does not break them; the session cookie is HttpOnly and SameSite=Lax; a
// person turns on two-factor sign-in with a code computed here from the secret the page shows,
// signs out, signs in again with a code (the second step cannot be skipped by going straight to
// a page), and signs out everywhere, which ends the session of their other browser.

/** The code an authenticator app shows `stepsAhead` 30-second steps from now. */
const totp = (secret: string, stepsAhead = 0) =>
  generate({ secret, epoch: Math.floor(Date.now() / 1000) + stepsAhead * 30 });

async function signIn(browser: Browser, email: string, viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(FACTORY_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  return page;
}

/** Collects the browser's CSP complaints, which would mean the policy blocks part of the app. */
function cspViolations(page: Page): string[] {
  const seen: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to (execute|load|apply)/i.test(message.text()))
      seen.push(message.text());
  });
  return seen;
}

test("two-factor sign-in, sessions and sign out everywhere, under a strict CSP", async ({ browser }) => {
  const user = await makeUser(db(), { name: "Sasha Secure" });
  const { workspace } = await makeWorkspace(db(), { ownerId: user.id });

  const page = await signIn(browser, user.email);
  const violations = cspViolations(page);
  await expect(page).toHaveURL(new RegExp(`/w/${workspace.slug}$`));
  // A second browser of the same person (their phone), signed out later from this one.
  const phone = await signIn(browser, user.email, { width: 390, height: 844 });
  await expect(phone).toHaveURL(new RegExp(`/w/${workspace.slug}$`));

  await test.step("pages carry strict security headers and still work", async () => {
    const response = await page.goto(`/w/${workspace.slug}`);
    const headers = response?.headers() ?? {};
    const csp = headers["content-security-policy"] ?? "";
    const scriptSrc = csp.split(";").find((d) => d.trim().startsWith("script-src")) ?? "";
    expect(scriptSrc).toMatch(/'nonce-[A-Za-z0-9+/=]{20,}'/);
    expect(scriptSrc).not.toContain("unsafe-inline");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["x-frame-options"]).toBe("DENY");
    // Plain http here (PUBLIC_BASE_URL): no HSTS, which would lock the host out of http.
    expect(headers["strict-transport-security"]).toBeUndefined();
    // A new nonce each time.
    const again = (await page.request.get(`/w/${workspace.slug}`)).headers()["content-security-policy"];
    expect(again).not.toBe(csp);
    const cookie = (await page.context().cookies()).find((c) => c.name.endsWith("authjs.session-token"));
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax" });
  });

  await test.step("the account page lists both sessions, this one marked", async () => {
    await page.getByRole("link", { name: /Sasha Secure/ }).click();
    await expect(page).toHaveURL(/\/account\/security$/);
    await expect(page.getByRole("heading", { level: 1, name: "Account security" })).toBeVisible();
    await expect(page.getByTestId("session-row")).toHaveCount(2);
    const thisDevice = page
      .getByTestId("session-row")
      .filter({ has: page.getByText("This device", { exact: true }) });
    await expect(thisDevice).toHaveCount(1);
  });

  let secret = "";
  await test.step("turns on two-factor sign-in with a code from the shown secret", async () => {
    await page.getByRole("button", { name: "Set up two-factor sign-in" }).click();
    await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
    secret = (await page.getByTestId("totp-secret").textContent()) ?? "";
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await page.getByLabel("Code from the app").fill("000000");
    await page.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
    await expect(page.getByRole("main").getByRole("alert")).toContainText("That code is not right");
    await page.getByLabel("Code from the app").fill(await totp(secret));
    await page.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
    await expect(page.getByTestId("recovery-codes").getByRole("listitem")).toHaveCount(10);
    await keepScreenshot(page, "account-security-recovery-codes-1280.png");
  });

  await test.step("signs out, and the password alone opens nothing", async () => {
    await page.goto(`/w/${workspace.slug}`);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    await page.getByLabel("E-mail").fill(user.email);
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("main").getByRole("alert")).toContainText("don't match an account");
    await page.getByLabel("Password").fill(FACTORY_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/sign-in\/two-factor/);
    // Going straight to a page with the half-made session comes back to the second step.
    await page.goto(`/w/${workspace.slug}/settings`);
    await expect(page).toHaveURL(/\/sign-in\/two-factor/);
    await keepScreenshot(page, "account-security-second-step-1280.png");
  });

  await test.step("signs in with the code", async () => {
    await page.getByLabel("Code from your authenticator app").fill("123456");
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByRole("main").getByRole("alert")).toContainText("That code is not right");
    // The next step's code: the enrolment spent this one's.
    await page.getByLabel("Code from your authenticator app").fill(await totp(secret, 1));
    await page.getByRole("button", { name: "Continue" }).click();
    // Back to the workspace the half-made session tried to open.
    await expect(page).toHaveURL(new RegExp(`/w/${workspace.slug}$`));
  });

  await test.step("signs out everywhere else: the phone's session ends", async () => {
    await page.goto("/account/security");
    await expect(page.getByText(/^On/)).toBeVisible();
    await expect(page.getByTestId("session-row")).toHaveCount(2);
    await keepScreenshot(page, "account-security-1280.png");
    await page.getByRole("button", { name: "Sign out everywhere else" }).click();
    await expect(page.getByRole("main").getByRole("status")).toContainText("Signed out on 1 other device");
    await expect(page.getByTestId("session-row")).toHaveCount(1);

    await phone.goto(`/w/${workspace.slug}`);
    await expect(phone).toHaveURL(/\/sign-in/);
    // This browser stays signed in.
    await page.goto(`/w/${workspace.slug}`);
    await expect(page).toHaveURL(new RegExp(`/w/${workspace.slug}$`));
  });

  await test.step("a stale password check puts the prompt beside a sensitive control", async () => {
    // As if the password was last typed an hour ago in this browser.
    await db().userSession.updateMany({
      where: { userId: user.id, revokedAt: null },
      data: { passwordConfirmedAt: new Date(Date.now() - 3600_000) },
    });
    await page.goto(`/w/${workspace.slug}/settings/api`);
    const prompt = page.getByTestId("confirm-password");
    await expect(prompt).toContainText("Confirm your password to create an API key");
    await expect(page.getByRole("button", { name: "Create API key" })).toHaveCount(0);
    await prompt.getByLabel("Your password").fill("not my password");
    await prompt.getByRole("button", { name: "Confirm password" }).click();
    await expect(prompt.getByRole("alert")).toContainText("That is not your password");
    await prompt.getByLabel("Your password").fill(FACTORY_PASSWORD);
    await prompt.getByRole("button", { name: "Confirm password" }).click();
    await expect(page.getByRole("button", { name: "Create API key" })).toBeVisible();
  });

  await test.step("the owner requires two-factor: a member without it is sent to set it up", async () => {
    const editor = await makeMember(db(), workspace, "EDITOR");
    const editorEmail = (await db().user.findUniqueOrThrow({ where: { id: editor.userId as string } })).email;
    await page.goto(`/w/${workspace.slug}/settings`);
    await page.getByLabel(/Require two-factor sign-in for every member/).check();
    await page.getByRole("button", { name: "Save sign-in rules" }).click();
    await expect(page.getByRole("main").getByRole("status")).toContainText(
      "Two-factor sign-in is now required",
    );

    const member = await signIn(browser, editorEmail);
    await expect(member).toHaveURL(new RegExp(`/account/security\\?required=${workspace.slug}$`));
    await expect(member.getByRole("alert").filter({ hasText: "requires two-factor sign-in" })).toBeVisible();
    // Not a way round it: any page of the workspace comes back here.
    await member.goto(`/w/${workspace.slug}/calendar`);
    await expect(member).toHaveURL(/\/account\/security\?required=/);
    await keepScreenshot(member, "account-security-required-1280.png");
  });

  await test.step("the account page at phone width", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/account/security");
    await expect(page.getByRole("heading", { level: 1, name: "Account security" })).toBeVisible();
    await keepScreenshot(page, "account-security-390.png");
  });

  expect(violations).toEqual([]);
});
