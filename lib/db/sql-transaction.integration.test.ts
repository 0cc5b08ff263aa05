import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, sql } from "./client";
import { Prisma } from "./generated/client";

// A table of its own: the test files share one database.
const TABLE = "sql_transaction_test";

describe("sql().transaction: BEGIN and its opening pipelined with the work", () => {
  beforeAll(async () => {
    await sql().execute(
      Prisma.raw(`CREATE TABLE IF NOT EXISTS ${TABLE} (id int PRIMARY KEY, n int NOT NULL)`),
    );
    await sql().execute(
      Prisma.raw(`INSERT INTO ${TABLE} VALUES (1, 0) ON CONFLICT (id) DO UPDATE SET n = 0`),
    );
  });
  afterAll(async () => {
    await sql().execute(Prisma.raw(`DROP TABLE IF EXISTS ${TABLE}`));
  });

  const counter = async () =>
    (await sql().query<{ n: number }>(Prisma.raw(`SELECT n FROM ${TABLE} WHERE id = 1`)))[0]?.n;

  it("the opening's row lock comes before what the work reads: concurrent read-then-write loses nothing", async () => {
    const before = (await counter()) ?? 0;
    // Each reads the counter and writes it back plus one, in a statement after the lock: with
    // the read's snapshot taken before the lock, two would read the same value and one would be lost.
    await Promise.all(
      Array.from({ length: 25 }, () =>
        sql().transaction(
          async (tx) => {
            const [row] = await tx.query<{ n: number }>(Prisma.raw(`SELECT n FROM ${TABLE} WHERE id = 1`));
            await tx.execute(
              Prisma.sql`UPDATE sql_transaction_test SET n = ${(row?.n ?? 0) + 1} WHERE id = 1`,
            );
          },
          { opening: `SELECT 1 FROM ${TABLE} WHERE id = 1 FOR UPDATE` },
        ),
      ),
    );
    expect(await counter()).toBe(before + 25);
  });

  it("a failed opening rejects with its own error, runs none of the work, and leaves the connections usable", async () => {
    const before = await counter();
    const attempt = sql().transaction(
      async (tx) => {
        await tx.execute(Prisma.raw(`UPDATE ${TABLE} SET n = n + 100 WHERE id = 1`));
      },
      { opening: "SELECT 1 / 0" },
    );
    await expect(attempt).rejects.toThrow(/division by zero/);
    expect(await counter()).toBe(before);
    // Every pooled connection still works for the ORM, outside any transaction.
    const answers = await Promise.all(
      Array.from({ length: 30 }, () => db().$queryRaw<{ one: number }[]>`SELECT 1::int AS one`),
    );
    expect(answers.every((rows) => rows[0]?.one === 1)).toBe(true);
  });

  it("work that throws rolls back everything it wrote", async () => {
    const before = await counter();
    await expect(
      sql().transaction(async (tx) => {
        await tx.execute(Prisma.raw(`UPDATE ${TABLE} SET n = n + 100 WHERE id = 1`));
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    expect(await counter()).toBe(before);
  });
});
