import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { copyDatabase } from "./postgres.mjs";
import { withDatabase } from "./urls.mjs";

const server = process.env.DATABASE_URL ?? "";
const suffix = randomBytes(4).toString("hex");
const source = `storyrelay_copy_source_${suffix}`;
const copy = `storyrelay_copy_${suffix}`;

async function on<T>(database: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: withDatabase(server, database) });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

afterAll(async () => {
  await on("postgres", async (admin) => {
    for (const name of [copy, source]) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
});

describe("copyDatabase", () => {
  it("makes a fresh copy of a database, replacing an earlier copy", async () => {
    await on("postgres", (admin) => admin.query(`CREATE DATABASE "${source}"`));
    await on(source, (client) =>
      client.query("CREATE TABLE kept (note text); INSERT INTO kept VALUES ('from the source')"),
    );

    const url = await copyDatabase(withDatabase(server, source), copy);
    expect(new URL(url).pathname).toBe(`/${copy}`);
    expect(await on(copy, async (client) => (await client.query("SELECT note FROM kept")).rows)).toEqual([
      { note: "from the source" },
    ]);

    // What the copy gained since is gone after the next copy.
    await on(copy, (client) => client.query("INSERT INTO kept VALUES ('only in the copy')"));
    await copyDatabase(withDatabase(server, source), copy);
    expect(
      await on(copy, async (client) => (await client.query("SELECT count(*)::int AS n FROM kept")).rows),
    ).toEqual([{ n: 1 }]);
  });
});
