import { PrismaPg } from "@prisma/adapter-pg";
import { env } from "@/lib/env";
import { type Prisma, PrismaClient } from "./generated/client";

export type Db = PrismaClient;
/** For reads that work the same inside or outside a transaction. */
export type DbOrTx = PrismaClient | Prisma.TransactionClient;

// One client per process. Kept on globalThis because Next.js dev re-evaluates modules on every
// edit, and each fresh client would open a new pool until Postgres runs out of connections.
const holder = globalThis as { storyRelayDb?: PrismaClient };

/** The process's Prisma client, created on first use so that importing this module (as `next build` does) needs no database. */
export function db(): PrismaClient {
  holder.storyRelayDb ??= new PrismaClient({
    adapter: new PrismaPg({ connectionString: env().DATABASE_URL, max: env().DATABASE_POOL_SIZE }),
  });
  return holder.storyRelayDb;
}

export async function disconnectDb(): Promise<void> {
  await holder.storyRelayDb?.$disconnect();
  holder.storyRelayDb = undefined;
}
