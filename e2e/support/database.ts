import pg from "pg";
import { stack } from "./stack";

// Direct access to the test database the servers use, for what a browser can neither do nor see:
// ageing an invite, or proving that a refused form wrote nothing. Specs drive the app through the
// UI; reach for this only where the UI has no way in.

/** Runs one statement on the test database and returns its rows. A short-lived connection each time. */
export async function sql<Row extends pg.QueryResultRow = pg.QueryResultRow>(
  text: string,
  values: unknown[] = [],
): Promise<Row[]> {
  const client = new pg.Client({ connectionString: stack.databaseUrl });
  await client.connect();
  try {
    return (await client.query<Row>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** How many rows `SELECT count(*) FROM <from>` finds, e.g. count(`"User" WHERE email = $1`, [email]). */
export async function count(from: string, values: unknown[] = []): Promise<number> {
  const [row] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM ${from}`, values);
  return row?.n ?? 0;
}
