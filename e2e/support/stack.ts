// Where the stack under test lives, for specs and their helpers. playwright.config.ts puts these
// values into the environment of every Playwright worker before any spec loads.

function required(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(`${name} is not set: run the browser tests through \`npm test -- --only=e2e\`.`);
  return value;
}

export const stack = {
  /** The web app, also Playwright's baseURL. */
  get baseURL() {
    return required("PUBLIC_BASE_URL");
  },
  /** The sandbox simulators (Graph API, WhatsApp gateway, `/_sim/*` control endpoints). */
  get simulatorUrl() {
    return required("SIMULATOR_URL");
  },
  /** The test database that the servers use, for factories that prepare data directly. */
  get databaseUrl() {
    return required("DATABASE_URL");
  },
  get redisUrl() {
    return required("REDIS_URL");
  },
};
