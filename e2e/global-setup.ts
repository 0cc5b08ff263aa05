import fs from "node:fs";
import type { FullConfig } from "@playwright/test";

// Runs once, after Playwright has started the servers in playwright.config.ts (web, workers,
// simulators) and before the first spec. It checks what the specs silently depend on, so a broken
// setup fails with one clear sentence instead of every spec timing out.

async function expectOk(url: string, what: string) {
  let status: number | string;
  try {
    status = (await fetch(url)).status;
  } catch (error) {
    status = (error as Error).message;
  }
  if (status !== 200) throw new Error(`${what} at ${url} is not healthy (${status}); see its output above.`);
}

export default async function globalSetup(config: FullConfig) {
  for (const project of config.projects) {
    const executable = project.use.launchOptions?.executablePath;
    if (executable && !fs.existsSync(executable)) {
      throw new Error(
        `The browser tests need Chromium at ${executable}. On Debian/Ubuntu run: sudo apt-get install chromium ` +
          "(npm test installs it by itself when run as root).",
      );
    }
  }
  const simulatorUrl = process.env.SIMULATOR_URL;
  if (simulatorUrl) {
    await expectOk(`${simulatorUrl}/_sim/health`, "The simulators");
    await subscribeSandboxWebhook(simulatorUrl);
  }
}

/**
 * What `npm start` does: the sandbox's Meta app subscribes the web server's webhook (after Meta's
 * verification request), so viewers' replies and stories' final numbers are delivered to it.
 */
async function subscribeSandboxWebhook(simulatorUrl: string) {
  const answer = await fetch(`${simulatorUrl}/_sim/webhooks`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      callbackUrl: `${process.env.PUBLIC_BASE_URL}/api/webhooks/meta`,
      verifyToken: process.env.META_WEBHOOK_VERIFY_TOKEN,
    }),
  });
  if (!answer.ok) {
    throw new Error(
      `The sandbox could not subscribe the app's webhook (${answer.status}): ${await answer.text()}`,
    );
  }
}
