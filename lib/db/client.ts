import { createHash } from "node:crypto";
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
  if (!holder.storyRelayPool) {
    const created = new pg.Pool({
      connectionString: env().DATABASE_URL,
      max: env().DATABASE_POOL_SIZE,
      // pg's default of 10 s closed a publish worker's connections between two bursts, and each
      // new one cost Postgres a process and cold caches: about 3 s of its CPU for the 3,000-target
      // burst (bench/publish.ts prints the connections each phase opens).
      idleTimeoutMillis: env().DATABASE_POOL_IDLE_SECONDS * 1000,
    });
    // An idle connection that breaks (Postgres restarted, PgBouncer gone) is dropped by the pool,
    // which then emits "error": unheard, that event would end the process.
    created.on("error", (error) => {
      process.emitWarning(`an idle Postgres connection failed and was dropped: ${error.message}`);
    });
    holder.storyRelayPool = created;
  }
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
 * so values are always parameters (the statement's text is its prepared name, see toQuery); the
 * caller names the row type, so keep such statements few and close to their tests.
 */
export type Sql = {
  query<T>(statement: Prisma.Sql): Promise<T[]>;
  /** Runs a statement and returns how many rows it changed. */
  execute(statement: Prisma.Sql): Promise<number>;
  /**
   * Runs `work` in one transaction on one connection (BEGIN … COMMIT, ROLLBACK when it throws).
   * Read committed, like every transaction here: each statement sees what others committed
   * before it started, which is what a row lock taken by an earlier statement relies on. BEGIN
   * and the opening do not wait for their answer before the work's first statement is sent
   * (pipelined, docs/decisions/045-round-trips-and-memory.md).
   */
  transaction<T>(work: (tx: Sql) => Promise<T>, options?: TransactionOptions): Promise<T>;
};

export type TransactionOptions = {
  /**
   * A first statement sent with BEGIN in one round trip (a simple query: values written into the
   * text as literals, so only for statements built with pg's escaping, e.g. a row lock).
   */
  opening?: string;
};

/** What statements need to run: the pool, a raw transaction (Sql) or a Prisma transaction (sqlIn). */
export type SqlRunner = Pick<Sql, "query" | "execute">;

/**
 * Hand-written statements inside a Prisma transaction (or on the client), so a use case written
 * against SqlRunner runs the same in the ORM's transactions and in the publish path's raw ones.
 * Cast counts to int in such statements: the driver gives int8 back as a string, Prisma as a BigInt.
 */
export function sqlIn(tx: DbOrTx | SqlRunner): SqlRunner {
  if (!("$queryRaw" in tx)) return tx;
  return {
    query: <T>(statement: Prisma.Sql) => tx.$queryRaw<T[]>(statement),
    execute: (statement: Prisma.Sql) => tx.$executeRaw(statement),
  };
}

type Queryable = Pick<pg.Pool, "query">;

// Statement texts are few (each hand-written statement has a handful of shapes), so their names
// are remembered rather than hashed again; the bound only guards against a caller that builds
// texts from data, which Prisma.sql never does.
const statementNames = new Map<string, string>();

/**
 * A statement to prepare once per connection, by a name that follows from its text: Postgres then
 * parses it once and, after a few runs, reuses its plan. Planning the claim every time cost more
 * of Postgres' CPU than running it (measured, issue 17). Off (unnamed, planned every time) where
 * DATABASE_PREPARED_STATEMENTS says a pooler in between cannot keep prepared statements.
 */
function toQuery(statement: Prisma.Sql): pg.QueryConfig {
  if (!env().DATABASE_PREPARED_STATEMENTS) return { text: statement.text, values: statement.values };
  let name = statementNames.get(statement.text);
  if (!name) {
    name = `sr_${createHash("sha256").update(statement.text).digest("hex").slice(0, 32)}`;
    if (statementNames.size >= 1_000) statementNames.clear();
    statementNames.set(statement.text, name);
  }
  return { name, text: statement.text, values: statement.values };
}

function sqlOn(target: Queryable): Omit<Sql, "transaction"> {
  return {
    async query<T>(statement: Prisma.Sql) {
      return (await target.query(toQuery(statement))).rows as T[];
    },
    async execute(statement: Prisma.Sql) {
      return (await target.query(toQuery(statement))).rowCount ?? 0;
    },
  };
}

export function sql(): Sql {
  return {
    ...sqlOn(pool()),
    async transaction<T>(work: (tx: Sql) => Promise<T>, options?: TransactionOptions): Promise<T> {
      const client = (await pool().connect()) as pg.PoolClient & { pipeline: boolean };
      // Pipeline mode for this transaction only: BEGIN (with its opening) and the work's first
      // statement go out without waiting for each other, one round trip fewer. Postgres runs them
      // in order, and read committed takes each statement's snapshot when it starts, so a lock
      // taken by the opening still comes before what the next statement reads. The pool's clients
      // also serve the ORM, which is why the mode is switched off again before the client goes back.
      client.pipeline = true;
      let broken: unknown;
      let openingError: unknown;
      const opened = client.query(options?.opening ? `BEGIN; ${options.opening}` : "BEGIN").then(
        () => undefined,
        (error: unknown) => {
          openingError = error;
        },
      );
      try {
        const tx: Sql = {
          ...sqlOn(client),
          transaction: () => Promise.reject(new Error("transactions do not nest")),
        };
        const result = await work(tx);
        await opened;
        if (openingError) throw openingError;
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await opened;
        // A connection that cannot even roll back is not given back to the pool for reuse.
        await client.query("ROLLBACK").catch((rollbackError: unknown) => {
          broken = rollbackError;
        });
        // The statements behind a failed BEGIN or opening fail only because the transaction is
        // aborted: the opening's error is the one that says why.
        throw openingError ?? error;
      } finally {
        client.pipeline = false;
        client.release(broken instanceof Error ? broken : undefined);
      }
    },
  };
}

export async function disconnectDb(): Promise<void> {
  await holder.storyRelayDb?.$disconnect();
  holder.storyRelayDb = undefined;
  await holder.storyRelayPool?.end();
  holder.storyRelayPool = undefined;
}
