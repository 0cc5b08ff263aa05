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
  if (simulatorUrl) await expectOk(`${simulatorUrl}/_sim/health`, "The simulators");
}
