import { parseArgs } from "node:util";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { SETUP_STATUS_LABELS, type SetupCheck } from "@/lib/core/setup-check";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db, disconnectDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { rotateEncryptionKeys } from "@/lib/keys/rotate-encryption-keys";
import { runDoctor } from "@/lib/setup/run-doctor";
import { createUser } from "@/lib/users/create-user";

/**
 * Operator commands: `npm run cli -- <command> [options]`. Talks to the database named by
 * DATABASE_URL, like the app.
 */

const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  user:create --email <e-mail> --name <name> --password <password>
      Create an account (no workspace; invite it to one, or it can create its own).
  apikey:create --workspace <slug> --role <OWNER|ADMIN|EDITOR|APPROVER|VIEWER> [--name <label>]
      Create an API key for a workspace. The key is printed once and cannot be shown again.
  keys:rotate
      Re-seal every stored secret (channel tokens, gateway API keys, webhook secrets, chat webhook
      URLs, two-factor secrets) with ENCRYPTION_KEY under ENCRYPTION_KEY_ID, while the app runs.
      Put the old key in ENCRYPTION_PREVIOUS_KEYS (id:key) everywhere first; remove it once this
      reports nothing remaining. Exits 1 when something is left on an old key.
  doctor [--workspace <slug>]
      Check the setup: the Meta and Instagram apps, the redirect URIs to register, the Graph API
      version, whether Meta can fetch media, and (with --workspace) its gateways. Exits 1 on a problem.
`;

/** Exit code of a command that ran but found something wrong (the doctor's problems). */
class ExitCode {
  constructor(readonly code: number) {}
}

const MARKS: Record<SetupCheck["status"], string> = { pass: "✓", warn: "!", fail: "✗", skip: "-" };

function printCheck(check: SetupCheck) {
  console.log(`${MARKS[check.status]} ${SETUP_STATUS_LABELS[check.status].padEnd(8)} ${check.title}`);
  console.log(`    ${check.detail}`);
  for (const { label, value } of check.copy ?? []) console.log(`    ${label}: ${value}`);
  if (check.fix) console.log(`    Fix: ${check.fix}`);
}

/** A command may return an ExitCode; anything else means success. */
type Command = (values: Record<string, string | undefined>) => Promise<unknown>;

const COMMANDS: Record<string, { options: Record<string, { type: "string" }>; run: Command }> = {
  "user:create": {
    options: { email: { type: "string" }, name: { type: "string" }, password: { type: "string" } },
    async run(values) {
      const user = await createUser(db(), {
        email: values.email ?? "",
        name: values.name ?? "",
        password: values.password ?? "",
      });
      console.log(`Created user ${user.email} (${user.id}).`);
    },
  },
  "apikey:create": {
    options: { workspace: { type: "string" }, role: { type: "string" }, name: { type: "string" } },
    async run(values) {
      const key = await createApiKey(db(), {
        workspaceSlug: values.workspace ?? "",
        role: (values.role ?? "").toUpperCase(),
        name: values.name,
      });
      console.log(
        `Created API key "${key.name}" (${key.role}, id ${key.id}). Store it now; it is not shown again:\n`,
      );
      console.log(key.key);
    },
  },
  "keys:rotate": {
    options: {},
    async run() {
      const config = env();
      const report = await rotateEncryptionKeys({ db: db(), box: secretBoxFromEnv(config) });
      for (const line of report) {
        console.log(
          `${line.table.padEnd(18)} re-sealed ${line.resealed}, changed meanwhile ${line.changedMeanwhile}, unreadable ${line.unreadable}, remaining ${line.remaining}`,
        );
      }
      const remaining = report.reduce((sum, line) => sum + line.remaining, 0);
      if (remaining === 0) {
        console.log(`Every secret is sealed with key "${config.ENCRYPTION_KEY_ID}".`);
        return undefined;
      }
      console.log(
        `${remaining} secret(s) are still on an older key: run again, or check the unreadable ones.`,
      );
      return new ExitCode(1);
    },
  },
  doctor: {
    options: { workspace: { type: "string" } },
    async run(values) {
      const config = env();
      const checks = await runDoctor(
        { db: db(), box: secretBoxFromEnv(config), config, now: new Date() },
        { workspaceSlug: values.workspace },
      );
      for (const check of checks) printCheck(check);
      const count = (status: SetupCheck["status"]) =>
        checks.filter((check) => check.status === status).length;
      const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
      console.log(
        `\n${plural(count("fail"), "problem")}, ${plural(count("warn"), "warning")}, ${count("pass")} OK.`,
      );
      return new ExitCode(count("fail") > 0 ? 1 : 0);
    },
  },
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    console.error(
      name && name !== "help" && name !== "--help" ? `Unknown command "${name}".\n\n${USAGE}` : USAGE,
    );
    return name && name !== "help" && name !== "--help" ? 2 : 0;
  }
  try {
    const { values } = parseArgs({ args: rest, options: command.options, strict: true });
    const outcome = await command.run(values as Record<string, string | undefined>);
    return outcome instanceof ExitCode ? outcome.code : 0;
  } catch (error) {
    if (isAppError(error) || (error instanceof TypeError && "code" in error)) {
      console.error(`Error: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    await disconnectDb();
  }
}

process.exitCode = await main(process.argv.slice(2));
