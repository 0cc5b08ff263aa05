import fs from "node:fs";
import path from "node:path";
import { type Locator, type Page, test } from "@playwright/test";

// Screenshots worth keeping whether the test passes or not: written to test-results/screenshots
// and attached to the report.

export const SCREENSHOTS = path.join(import.meta.dirname, "..", "..", "test-results", "screenshots");

/** Saves `target` as `name` (the full page when `target` is a page) and attaches it to the report. */
export async function keepScreenshot(target: Page | Locator, name: string) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, name);
  await target.screenshot({ path: file, ...("goto" in target ? { fullPage: true } : {}) });
  await test.info().attach(name, { path: file, contentType: "image/png" });
}
