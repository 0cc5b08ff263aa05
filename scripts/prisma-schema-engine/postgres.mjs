// Plain `pg` helpers for the parts of the schema engine that the wasm build cannot do itself:
// creating and dropping databases, and reporting connection failures with Prisma's error codes.
import pg from "pg";

// Prisma's native engine gives up connecting after 5 s (its default connect_timeout); pg never does.
const CONNECT_TIMEOUT_MS = 5_000;

/** pg pool settings for every connection the engine opens. */
export function poolConfig(url) {
  // allowExitOnIdle: idle pooled connections must not keep the engine process alive.
  return { connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, allowExitOnIdle: true };
}

export function withDatabase(url, database) {
  const target = new URL(url);
  target.pathname = `/${encodeURIComponent(database)}`;
  return target.href;
}

function databaseName(url) {
  const { pathname, username } = new URL(url);
  // Postgres, like libpq, defaults the database name to the user name.
  return decodeURIComponent(pathname.slice(1)) || decodeURIComponent(username);
}

async function withClient(url, use) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

export function checkConnection(url) {
  return withClient(url, () => undefined);
}

/**
 * Creates the database that `url` names and returns its name. A database cannot be created from a
 * connection to itself, so this connects to `serverUrl` (by default the server's `postgres` database).
 */
export async function createDatabase(url, serverUrl = withDatabase(url, "postgres")) {
  const name = databaseName(url);
  await withClient(serverUrl, (client) => client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`));
  return name;
}

export async function dropDatabase(url, serverUrl = withDatabase(url, "postgres")) {
  const name = databaseName(url);
  await withClient(serverUrl, (client) => client.query(`DROP DATABASE ${client.escapeIdentifier(name)}`));
}

/**
 * The Prisma error code and message the native engine reports for a failed connection to `url`:
 * P1003 database missing, P1000 authentication failed, P1001 server unreachable. Other errors keep
 * their own message and get no code.
 */
export function describeConnectionError(error, url) {
  const { hostname, port, username } = new URL(url);
  const server = `${hostname}:${port || 5432}`;
  if (error.code === "3D000") {
    return {
      code: "P1003",
      message: `Database \`${databaseName(url)}\` does not exist on the database server at \`${server}\`.`,
    };
  }
  if (error.code === "28P01" || error.code === "28000") {
    return {
      code: "P1000",
      message: `Authentication failed against database server, the provided database credentials for \`${decodeURIComponent(username)}\` are not valid.\n\nPlease make sure to provide valid database credentials for the database server at \`${server}\`.`,
    };
  }
  // Socket errors (ECONNREFUSED, ENOTFOUND, ...) or pg's connect timeout: Postgres never answered.
  if (/^E[A-Z_]+$/.test(error.code) || error.message === "timeout expired") {
    return {
      code: "P1001",
      message: `Can't reach database server at \`${server}\`\n\nPlease make sure your database server is running at \`${server}\`.`,
    };
  }
  return { message: error.message };
}

// Postgres type oids.
const CHAR = 18;
const TEXT = 25;

/**
 * Makes pg describe `"char"` columns as text. The engine reads several of them from the system
 * catalogs (pg_class.relkind, pg_constraint.contype, ...) and the adapter rejects the type as
 * unsupported. Process-wide, which is fine in a process that only runs the schema engine.
 */
export function reportCatalogCharColumnsAsText() {
  const handleRowDescription = pg.Query.prototype.handleRowDescription;
  pg.Query.prototype.handleRowDescription = function (message) {
    for (const field of message.fields) {
      if (field.dataTypeID === CHAR) {
        field.dataTypeID = TEXT;
      }
    }
    handleRowDescription.call(this, message);
  };
}
