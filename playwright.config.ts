import fs from "node:fs";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { disableFeaturesSwitch } from "./e2e/support/chromium-features";
import {
  DEFAULT_TEST_DATABASE_URL,
  DEFAULT_TEST_REDIS_URL,
  E2E_MAIL_HTTP_PORT,
  E2E_MAIL_SMTP_PORT,
  E2E_SIMULATOR_PORT,
  E2E_WEB_PORT,
  TEST_AUTH_SECRET,
  TEST_ENCRYPTION_KEY,
} from "./scripts/bootstrap/test-env.mjs";

// Browser tests against the real stack: the production build (`npm test` builds it first), the
// workers and the simulators, all on the test database and Redis database that scripts/test.mjs
// chose and passes in as TEST_DATABASE_URL / TEST_REDIS_URL. Run through `npm test -- --only=e2e`;
// plain `npx playwright test` works too when Postgres and Redis run on their default ports and the
// build is current. The app's own DATABASE_URL is never read here, so e2e never touches demo data.

const CI = Boolean(process.env.CI);
const webUrl = `http://localhost:${E2E_WEB_PORT}`;
const simulatorUrl = `http://127.0.0.1:${E2E_SIMULATOR_PORT}`;

const stackEnv = {
  DATABASE_URL: process.env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL,
  REDIS_URL: process.env.TEST_REDIS_URL || DEFAULT_TEST_REDIS_URL,
  PORT: String(E2E_WEB_PORT),
  PUBLIC_BASE_URL: webUrl,
  AUTH_SECRET: TEST_AUTH_SECRET,
  AUTH_TRUST_HOST: "true",
  ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
  SIMULATOR_PORT: String(E2E_SIMULATOR_PORT),
  SIMULATOR_URL: simulatorUrl,
  NODE_ENV: "production",
  NEXT_TELEMETRY_DISABLED: "1",
  // The specs' webhook receivers listen on 127.0.0.1, which the URL policy refuses by default.
  ALLOW_PRIVATE_URLS: "true",
  // Mail goes to the local sink (e2e/support/mail-sink-server.ts), where specs read it.
  SMTP_URL: `smtp://127.0.0.1:${E2E_MAIL_SMTP_PORT}`,
  // The sandbox's Meta app subscribes its webhook with it (e2e/global-setup.ts), so story replies
  // and final insights reach the app as they do under `npm start`.
  META_WEBHOOK_VERIFY_TOKEN: "e2e-webhook-verify-token",
  E2E_MAIL_SMTP_PORT: String(E2E_MAIL_SMTP_PORT),
  E2E_MAIL_HTTP_PORT: String(E2E_MAIL_HTTP_PORT),
};

// Specs and their helpers (factories, simulator ledgers) run in Playwright's worker processes,
// which inherit this environment: they see the same database and simulators as the servers.
Object.assign(process.env, { ...stackEnv, NODE_ENV: "test" });

// The web server is ready when its health check answers; until the app has one, the home page.
const webReadyUrl = fs.existsSync(path.join(import.meta.dirname, "app/api/health"))
  ? `${webUrl}/api/health`
  : webUrl;

// Server logs are noise when all is well; CI keeps them because there is no rerun to look closer.
const serverOutput = CI || process.env.E2E_SERVER_LOGS === "1" ? "pipe" : "ignore";
const gracefulShutdown = { signal: "SIGTERM" as const, timeout: 10_000 };

const chromium = {
  ...devices["Desktop Chrome"],
  // Debian's Chromium: Playwright's own browser download cannot be fetched here.
  launchOptions: {
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      disableFeaturesSwitch(),
    ],
  },
};

/**
 * The specs that take longest, slowest first (test-results/playwright.json of a whole run): they
 * start before every other spec. A new spec that waits on the wall clock belongs here.
 */
const LONGEST_FIRST = [
  "agency-journey",
  "marketer-day",
  "composer",
  "approvals",
  "analytics",
  "calendar",
  "composer-truth",
  "connect-oauth",
  "account-security",
  "server-actions",
  "review-links",
].map((name) => `**/${name}.spec.ts`);

export default defineConfig({
  testDir: "./e2e",
  testMatch: "**/*.spec.ts",
  outputDir: "test-results/playwright",
  globalSetup: "./e2e/global-setup.ts",
  fullyParallel: false,
  forbidOnly: CI,
  retries: CI ? 1 : 0,
  // Four at a time, in CI too: the specs are independent (each signs up its own workspace and
  // uses its own simulator accounts), and much of a journey is waiting on the platform's clock (a
  // story scheduled a minute or more ahead), which the other specs use. One worker took the suite
  // past 15 minutes; two took it to 18 once the agency journeys landed; three, 8.4 minutes on a
  // two-core machine that was busy with other work. E2E_WORKERS overrides.
  workers: Number(process.env.E2E_WORKERS) || 4,
  // The specs are whole user journeys (sign-up to publish) of many steps each.
  timeout: 150_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: "test-results/playwright.json" }]],
  use: {
    baseURL: webUrl,
    // On CI a trace is recorded on the retry of a failed test only: recording every test (its
    // screencast and DOM snapshots) for traces that are deleted on success cost CPU the run is
    // short of on two cores. Locally, where there are no retries, a failure keeps its trace.
    trace: CI ? "on-first-retry" : "retain-on-failure",
    screenshot: "only-on-failure",
    video: "off",
  },
  // Two projects of the same browser only to order the run: Playwright hands out spec files in
  // project order, then by name, and the run lasts at least as long as its longest spec from the
  // moment it starts. The slowest specs (minutes of waiting for a story's minute, or many steps)
  // therefore start first and the short ones fill the other workers around them; started last,
  // by name, one of them alone could add minutes at the end.
  projects: [
    { name: "chromium", testMatch: LONGEST_FIRST, use: chromium },
    { name: "chromium", testMatch: "**/*.spec.ts", testIgnore: LONGEST_FIRST, use: chromium },
  ],
  webServer: [
    {
      // First: the workers connect to it when they send mail.
      name: "mail-sink",
      command: "npx tsx e2e/support/mail-sink-server.ts",
      url: `http://127.0.0.1:${E2E_MAIL_HTTP_PORT}/health`,
      env: stackEnv,
      timeout: 60_000,
      reuseExistingServer: !CI,
      stdout: serverOutput,
      gracefulShutdown,
    },
    {
      name: "web",
      command: `npx next start -p ${E2E_WEB_PORT}`,
      url: webReadyUrl,
      env: stackEnv,
      timeout: 120_000,
      reuseExistingServer: !CI,
      stdout: serverOutput,
      gracefulShutdown,
    },
    {
      name: "workers",
      command: "node scripts/workers.mjs",
      wait: { stdout: /workers ready/ },
      env: stackEnv,
      timeout: 120_000,
      stdout: serverOutput,
      gracefulShutdown,
    },
    {
      name: "sim",
      command: "npx tsx simulators/index.ts",
      url: `${simulatorUrl}/_sim/health`,
      env: stackEnv,
      timeout: 120_000,
      reuseExistingServer: !CI,
      stdout: serverOutput,
      gracefulShutdown,
    },
  ],
});
