import fs from "node:fs";
import { createRequire } from "node:module";

// The `--disable-features` switch for the e2e browsers: Playwright's own list plus
// - the omnibox popup, which Chromium's full headless mode preloads as a WebUI page (a renderer
//   process of its own, running the popup's scripts) in every window it opens, so in every browser
//   context of every spec. Nobody types in an address bar here. Measured on five specs (7 tests,
//   4 workers, two-core machine): 282 → 252 CPU-seconds.
// - the spare renderer: Chromium starts a renderer process ahead of need for the context that just
//   used one, and a spare serves only its own context. The specs open a context, use a page or two
//   and close it, so nearly every spare was started for nothing. Measured (20 contexts, each a new
//   page with a short document, then closed; the machine's CPU over the loop, three runs each):
//   668–683 → 495–549 CPU-ms per context, and 10 renderer processes for 10 pages instead of 20.
//
// Chromium keeps only the last `--disable-features` it is given, and Playwright passes its own
// (features whose absence its automation relies on), so ours must repeat Playwright's list. That
// list is not exported; it is read from the installed playwright-core, so an upgrade that changes
// it is followed, and one that moves it fails here, by name, instead of silently dropping it.

const OURS = [
  "WebUIOmniboxPopup",
  "WebUIOmniboxAimPopup",
  "WebUIOmniboxFullPopup",
  "SpareRendererForSitePerProcess",
];

function playwrightDisabledFeatures(): string[] {
  const require = createRequire(import.meta.url);
  const bundle = fs.readFileSync(require.resolve("playwright-core/lib/coreBundle"), "utf8");
  const list = /disabledFeatures = \[([\s\S]*?)\]\.filter\(Boolean\)/.exec(bundle)?.[1];
  const features = list
    ?.split("\n")
    .map((line) => /^\s*"([A-Za-z0-9]+)",?\s*$/.exec(line)?.[1])
    .filter((feature): feature is string => Boolean(feature));
  if (!features || features.length === 0) {
    throw new Error(
      "e2e/support/chromium-features.ts: Playwright's list of disabled Chromium features was not found in playwright-core/lib/coreBundle.js; see how this Playwright version passes --disable-features and update this file",
    );
  }
  return features;
}

export function disableFeaturesSwitch(): string {
  return `--disable-features=${[...playwrightDisabledFeatures(), ...OURS].join(",")}`;
}
