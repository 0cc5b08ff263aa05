import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { env } from "@/lib/env";
import { type Prisma, PrismaClient } from "./generated/client";

export type Db = PrismaClient;
/** For reads that work the same inside or outside a transaction. */
export type DbOrTx = PrismaClient | Prisma.TransactionClient;

// One pool and one client per process. Kept on globalThis because Next.js dev re-evaluates
// modules on every edit, and each fresh client would open a new pool until Postgres runs out of
// connections.
const holder = globalThis as { storyRelayDb?: PrismaClient; storyRelayPool?: pg.Pool };

function pool(): pg.Pool {
  holder.storyRelayPool ??= new pg.Pool({
    connectionString: env().DATABASE_URL,
    max: env().DATABASE_POOL_SIZE,
  });
  return holder.storyRelayPool;
}

/** The process's Prisma client, created on first use so that importing this module (as `next build` does) needs no database. */
export function db(): PrismaClient {
  holder.storyRelayDb ??= new PrismaClient({ adapter: new PrismaPg(pool()) });
  return holder.storyRelayDb;
}

/**
 * Hand-written statements on the same pool, past the ORM: for the publish pipeline's hot path,
 * where a burst runs thousands of them a second and the ORM's own work per statement (about three
 * times the driver's, measured) was most of a publish's CPU. Build statements with `Prisma.sql`
 * so values are always parameters; the caller names the row type, so keep such statements few and
 * close to their tests.
 */
export type Sql = {
  query<T>(statement: Prisma.Sql): Promise<T[]>;
  /** Runs a statement and returns how many rows it changed. */
  execute(statement: Prisma.Sql): Promise<number>;
};

export function sql(): Sql {
  return {
    async query<T>(statement: Prisma.Sql) {
      return (await pool().query(statement.text, statement.values)).rows as T[];
    },
    async execute(statement: Prisma.Sql) {
      return (await pool().query(statement.text, statement.values)).rowCount ?? 0;
    },
  };
}

export async function disconnectDb(): Promise<void> {
  await holder.storyRelayDb?.$disconnect();
  holder.storyRelayDb = undefined;
  await holder.storyRelayPool?.end();
  holder.storyRelayPool = undefined;
}
