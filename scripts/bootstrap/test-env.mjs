// Fixed settings for test runs, shared by scripts/test.mjs (vitest) and playwright.config.ts so
// both suites see the same values. Fixed secrets keep test runs reproducible; they protect nothing.

export const TEST_AUTH_SECRET = "storyrelay-test-auth-secret-not-for-real-use";
/** 32 bytes ("storyrelay-test-encryption-key!!"), base64, as lib/env.ts requires. */
export const TEST_ENCRYPTION_KEY = "c3RvcnlyZWxheS10ZXN0LWVuY3J5cHRpb24ta2V5ISE=";

export const TEST_DATABASE_NAME = "storyrelay_test";
/** Tests use this logical Redis database of the chosen server, so they never see the demo's queues. */
export const TEST_REDIS_DB = 1;

/** Used when the e2e suite runs without scripts/test.mjs having chosen the services. */
export const DEFAULT_TEST_DATABASE_URL = `postgresql://postgres@127.0.0.1:5432/${TEST_DATABASE_NAME}`;
export const DEFAULT_TEST_REDIS_URL = `redis://127.0.0.1:6379/${TEST_REDIS_DB}`;

/**
 * Ports of the stack Playwright starts; apart from `npm start`'s 3000/4100 so both can run, and
 * overridable so several checkouts can run their browser tests side by side.
 */
export const E2E_WEB_PORT = Number(process.env.E2E_WEB_PORT) || 3100;
export const E2E_SIMULATOR_PORT = Number(process.env.E2E_SIMULATOR_PORT) || 4200;
/**
 * The e2e mail sink: SMTP, which the workers send to (SMTP_URL), and HTTP, where specs read what
 * arrived (e2e/support/mail-sink.ts). Derived from the web port so side-by-side checkouts differ.
 */
export const E2E_MAIL_SMTP_PORT = Number(process.env.E2E_MAIL_SMTP_PORT) || E2E_WEB_PORT + 2000;
export const E2E_MAIL_HTTP_PORT = Number(process.env.E2E_MAIL_HTTP_PORT) || E2E_WEB_PORT + 2100;
