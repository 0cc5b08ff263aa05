import { parseArgs } from "node:util";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { db, disconnectDb } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
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
`;

type Command = (values: Record<string, string | undefined>) => Promise<void>;

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
    await command.run(values as Record<string, string | undefined>);
    return 0;
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
