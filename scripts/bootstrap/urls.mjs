// Connection-URL handling shared by the Postgres and Redis steps. Pure functions, built-ins only.

/**
 * The URL with its password masked, for messages: a URL is worth showing, a password never.
 * @param {string} url
 */
export function redactUrl(url) {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(a value that is not a valid URL)";
  }
}

/**
 * The same server and credentials, another database (Postgres) or logical database (Redis).
 * Query parameters such as `sslmode` are kept.
 * @param {string} url
 * @param {string | number} database
 */
export function withDatabase(url, database) {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(String(database))}`;
  return parsed.toString();
}

/**
 * The database a Postgres URL names, or undefined when it names none.
 * @param {string} url
 */
export function databaseName(url) {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ""));
  return name === "" ? undefined : name;
}

/**
 * A Postgres URL for a passwordless (trust) login.
 * @param {{ host?: string, port: number, user?: string, database: string }} parts
 */
export function postgresUrl({ host = "127.0.0.1", port, user = "postgres", database }) {
  return `postgresql://${encodeURIComponent(user)}@${host}:${port}/${encodeURIComponent(database)}`;
}

/**
 * @param {{ host?: string, port: number, db?: number }} parts
 */
export function redisUrl({ host = "127.0.0.1", port, db = 0 }) {
  return `redis://${host}:${port}/${db}`;
}

/**
 * Host and port of a URL, for "is anything listening there" checks and messages.
 * @param {string} url
 * @param {number} defaultPort
 */
export function hostAndPort(url, defaultPort) {
  const parsed = new URL(url);
  return {
    host: parsed.hostname.replace(/^\[|\]$/g, ""),
    port: parsed.port ? Number(parsed.port) : defaultPort,
  };
}
