// The database access the wasm schema engine is given: @prisma/adapter-pg, wrapped the way
// Prisma's own driver-adapter-utils wraps it for migrations (bindMigrationAwareSqlAdapterFactory).
import { randomUUID } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import { createDatabase, dropDatabase, poolConfig, withDatabase } from "./postgres.mjs";

/**
 * JavaScript errors the engine cannot carry across the wasm boundary: it only keeps their number
 * and fails with "External error id#<n>", which `lookup` turns back into the original error.
 */
export class ErrorRegistry {
  #errors = [];

  register(error) {
    return this.#errors.push(error) - 1;
  }

  lookup(message) {
    const match = /External error id#(\d+)/.exec(message);
    return match ? this.#errors[Number(match[1])] : undefined;
  }
}

/**
 * The adapter factory for `SchemaEngine.new`: connects to `url`, and to a new temporary database on
 * the same server each time the engine needs a shadow database.
 */
export function createAdapterFactory({ url, shadowDatabaseUrl }, errors) {
  // The engine queries the database as soon as it starts, whatever the command.
  const connect = async (databaseUrl) => {
    if (!databaseUrl) {
      throw new Error("No database URL: set DATABASE_URL, which prisma.config.ts passes to Prisma.");
    }
    return new PrismaPg(poolConfig(databaseUrl)).connect();
  };

  // PrismaPg's own connectToShadowDb drops the shadow database while its pool is still connected
  // to it, which Postgres refuses: create it here and drop it only after the pool is closed.
  const connectToTemporaryShadowDb = async () => {
    const shadowUrl = withDatabase(url, `prisma_migrate_shadow_db_${randomUUID()}`);
    await createDatabase(shadowUrl, url);
    const adapter = await connect(shadowUrl);
    const closePool = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await closePool();
      await dropDatabase(shadowUrl, url);
    };
    return adapter;
  };

  const bindConnect = (open) => async () =>
    mapOk(await attempt(errors, open), (adapter) => bindAdapter(adapter, errors));
  return {
    adapterName: "@prisma/adapter-pg",
    provider: "postgres",
    connect: bindConnect(() => connect(url)),
    connectToShadowDb: bindConnect(shadowDatabaseUrl ? rejectShadowDatabaseUrl : connectToTemporaryShadowDb),
  };
}

// The wasm engine expects an empty shadow database on every connection and, unlike the native
// engine, does not empty a configured one itself (it then fails with "relation already exists").
async function rejectShadowDatabaseUrl() {
  throw new Error(
    "datasource.shadowDatabaseUrl is not supported with the wasm schema engine: remove it from " +
      "prisma.config.ts, and a temporary shadow database is created on the main database's server.",
  );
}

// The engine never sees a thrown error, only `{ ok: true, value }` or `{ ok: false, error }`.
async function attempt(errors, run) {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    // Errors the adapter already classified (missing table, unreachable server, ...) carry the
    // shape the engine understands in `cause`; anything else is kept here and passed by number.
    if (error?.name === "DriverAdapterError") {
      return { ok: false, error: error.cause };
    }
    return { ok: false, error: { kind: "GenericJs", id: errors.register(error) } };
  }
}

function mapOk(result, map) {
  return result.ok ? { ok: true, value: map(result.value) } : result;
}

function bindMethods(target, names, errors) {
  return Object.fromEntries(
    names.map((name) => [name, (...args) => attempt(errors, () => target[name](...args))]),
  );
}

function bindAdapter(adapter, errors) {
  return {
    adapterName: adapter.adapterName,
    provider: adapter.provider,
    ...bindMethods(adapter, ["queryRaw", "executeRaw", "executeScript", "dispose"], errors),
    getConnectionInfo: () => ({ ok: true, value: adapter.getConnectionInfo() }),
    startTransaction: async (isolationLevel) =>
      mapOk(await attempt(errors, () => adapter.startTransaction(isolationLevel)), (transaction) => ({
        adapterName: transaction.adapterName,
        provider: transaction.provider,
        options: transaction.options,
        ...bindMethods(transaction, ["queryRaw", "executeRaw", "commit", "rollback"], errors),
      })),
  };
}
