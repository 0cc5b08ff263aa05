// Step 5: the Prisma client and the database schema.
import fs from "node:fs";
import path from "node:path";
import { run } from "./exec.mjs";
import { info, step, warn } from "./log.mjs";
import { fromRoot, localBin } from "./paths.mjs";
import { hashFiles, isFresh, writeStamp } from "./stamp.mjs";

const SCHEMA = "prisma/schema.prisma";
// Kept in node_modules: a reinstall that wipes a client generated into node_modules wipes this too.
const STAMP = fromRoot("node_modules", ".storyrelay-prisma-hash");

/**
 * The folder the generator writes to, from the schema's `output = "..."`, if it sets one.
 * @param {string} schemaText
 * @returns {string | undefined} relative to the project root
 */
export function generatorOutput(schemaText) {
  const generator = schemaText.match(/generator\s+\w+\s*\{([^}]*)\}/);
  const output = generator?.[1]?.match(/^\s*output\s*=\s*"([^"]+)"/m)?.[1];
  return output ? path.join(path.dirname(SCHEMA), output) : undefined;
}

/**
 * Runs `prisma generate` when the schema, the Prisma config or the installed packages changed
 * since the last successful generate, or when the generated client is missing.
 * @param {NodeJS.ProcessEnv} env
 */
export async function ensurePrismaClient(env) {
  if (!fs.existsSync(fromRoot(SCHEMA))) {
    warn(`${SCHEMA} does not exist yet; skipping prisma generate`);
    return;
  }
  const inputs = [SCHEMA, "prisma.config.ts", "package-lock.json"].filter((file) =>
    fs.existsSync(fromRoot(file)),
  );
  const hash = hashFiles(fromRoot(), inputs);
  const output = generatorOutput(fs.readFileSync(fromRoot(SCHEMA), "utf8"));
  if (isFresh(STAMP, hash) && (!output || fs.existsSync(fromRoot(output)))) {
    info("Prisma client: up to date");
    return;
  }
  step("Generating the Prisma client");
  await run(localBin("prisma"), ["generate"], { env, quiet: true });
  writeStamp(STAMP, hash);
}

/**
 * Applies pending migrations. `migrate deploy` never resets data and is a no-op when nothing is
 * pending, so it runs every time.
 * @param {NodeJS.ProcessEnv} env with DATABASE_URL of the target database
 * @param {string} label e.g. "storyrelay"
 */
export async function migrate(env, label) {
  if (!fs.existsSync(fromRoot(SCHEMA))) return;
  step(`Applying database migrations to ${label}`);
  const output = await run(localBin("prisma"), ["migrate", "deploy"], { env, quiet: true });
  info(describeMigrateOutput(output));
}

/**
 * One line from `prisma migrate deploy`'s chatty output: which migrations it applied.
 * @param {string} output
 */
export function describeMigrateOutput(output) {
  const applied = [...output.matchAll(/─ (\d{14}_[\w-]+)\//g)].map((match) => match[1]);
  if (applied.length > 0) return `Applied ${applied.length} migration(s): ${applied.join(", ")}`;
  return /No pending migrations/.test(output) ? "No pending migrations" : "Migrations are up to date";
}
