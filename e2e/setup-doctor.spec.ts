import { createServer } from "node:net";
import { expect, test } from "@playwright/test";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db, disconnectDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { FACTORY_PASSWORD, makeMember, makeUser } from "@/prisma/factories";
import { newOwnerWithBrand, runId } from "./support/accounts";
import { keepScreenshot } from "./support/screenshots";
import { stack } from "./support/stack";

// Settings → Setup shows an owner the setup doctor's checks with what to do about each, and the
// redirect URIs with copy buttons; anyone else gets "not found". The e2e stack has no Meta app
// and runs on localhost, so the page must say "sandbox" and "Meta cannot fetch media" truthfully.

const RUN = runId();
const owner = {
  name: "Olga Owner",
  email: `setup-${RUN}@e2e.storyrelay.test`,
  password: "a long enough passphrase",
  workspace: `Setup Agency ${RUN}`,
};

test.afterAll(async () => {
  await disconnectDb();
});

/** A port nothing listens on, for a gateway that is down. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test("an owner sees every setup check with its fix and copies a redirect URI; a member is refused", async ({
  page,
  context,
  browser,
}) => {
  test.setTimeout(90_000);
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const { slug, brandId } = await newOwnerWithBrand(page, owner, {
    name: `Setup Bakery ${RUN}`,
    timeZone: "Europe/Berlin",
  });
  const workspace = await db().workspace.findUniqueOrThrow({ where: { slug } });

  // A gateway channel whose WAHA server is down.
  const deadGateway = `http://127.0.0.1:${await closedPort()}`;
  const channel = await db().channel.create({
    data: {
      workspaceId: workspace.id,
      brandId,
      platform: "WHATSAPP",
      externalAccountId: "shop-phone",
      displayName: "Setup Bakery · WhatsApp Status",
      config: { mode: "gateway", gatewayUrl: deadGateway },
    },
  });
  const box = secretBoxFromEnv(env());
  await db().channelCredential.create({
    data: {
      workspaceId: workspace.id,
      channelId: channel.id,
      ...box.seal(JSON.stringify({ apiKey: "gateway-key" }), channel.id),
    },
  });

  await page.goto(`/w/${slug}/settings`);
  await page.getByRole("link", { name: /Setup checks/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Setup" })).toBeVisible();

  const check = (title: RegExp) =>
    page.getByTestId("setup-check").filter({ has: page.getByRole("heading", { name: title }) });
  await expect(check(/^Meta app/)).toHaveAttribute("data-status", "warn");
  await expect(check(/^Meta app/)).toContainText(
    "sandbox accounts on the bundled simulators (they answered)",
  );
  await expect(check(/^Instagram app/)).toHaveAttribute("data-status", "warn");
  await expect(check(/^Graph API version/)).toHaveAttribute("data-status", "pass");
  const media = check(/^Media reachable/);
  // No Meta app here, so only sandbox channels exist and the simulators reach localhost: a warning.
  await expect(media).toHaveAttribute("data-status", "warn");
  await expect(media).toContainText(`PUBLIC_BASE_URL is ${stack.baseURL}`);
  await expect(media).toContainText("Sandbox channels work");
  await expect(media).toContainText("What to do:");
  await expect(media).toContainText("tunnel");
  const gateway = check(/^Gateway of Setup Bakery/);
  await expect(gateway).toHaveAttribute("data-status", "fail");
  await expect(gateway).toContainText(`The gateway at ${deadGateway} could not be reached`);
  // No app secret here: only the simulators deliver story insights, so the check is skipped, but
  // the callback URL and field to paste are shown all the same.
  const webhook = check(/^Meta webhook: story insights and replies/);
  await expect(webhook).toHaveAttribute("data-status", "skip");
  await expect(webhook.getByRole("textbox", { name: "Callback URL" })).toHaveValue(
    `${stack.baseURL}/api/webhooks/meta`,
  );
  await expect(webhook.getByRole("textbox", { name: "Fields to subscribe (Instagram object)" })).toHaveValue(
    "story_insights, messages, message_reactions",
  );
  await expect(webhook.getByRole("textbox", { name: "Fields to subscribe (Page object)" })).toHaveValue(
    "messages, message_reactions, message_echoes",
  );
  await expect(page.getByTestId("setup-summary")).toContainText("1 problem, 3 warnings.");

  const redirects = check(/^Redirect URIs/);
  const facebook = redirects.getByRole("textbox", { name: "Facebook Login for Business" });
  await expect(facebook).toHaveValue(`${stack.baseURL}/api/oauth/facebook/callback`);
  await expect(redirects.getByRole("textbox", { name: "Instagram API with Instagram Login" })).toHaveValue(
    `${stack.baseURL}/api/oauth/instagram/callback`,
  );
  const facebookField = redirects
    .getByTestId("copy-field")
    .filter({ has: page.getByRole("textbox", { name: "Facebook Login for Business" }) });
  await facebookField.getByRole("button", { name: "Copy Facebook Login for Business redirect URI" }).click();
  await expect(facebookField.getByRole("status")).toHaveText("Copied.");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
    `${stack.baseURL}/api/oauth/facebook/callback`,
  );

  for (const [label, viewport] of [
    ["1280", { width: 1280, height: 900 }],
    ["390", { width: 390, height: 844 }],
  ] as const) {
    await page.setViewportSize(viewport);
    await keepScreenshot(page, `setup-doctor-${label}.png`);
  }

  // An admin of the same workspace: no link, and the page does not exist for them.
  const admin = await makeUser(db());
  await makeMember(db(), workspace, "ADMIN", { userId: admin.id });
  const other = await browser.newPage();
  await other.goto("/sign-in");
  await other.getByLabel("E-mail").fill(admin.email);
  await other.getByLabel("Password").fill(FACTORY_PASSWORD);
  await other.getByRole("button", { name: "Sign in" }).click();
  await expect(other).toHaveURL(/\/w\//);
  await other.goto(`/w/${slug}/settings`);
  await expect(other.getByRole("heading", { level: 1, name: "Workspace settings" })).toBeVisible();
  await expect(other.getByRole("link", { name: /Setup checks/ })).toHaveCount(0);
  const refused = await other.goto(`/w/${slug}/settings/setup`);
  expect(refused?.status()).toBe(404);
  await expect(other.getByRole("heading", { level: 1, name: "Not found" })).toBeVisible();
  await expect(other.getByText("Redirect URIs")).toHaveCount(0);
  await other.close();
});
