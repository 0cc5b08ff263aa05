// The schema engine's server mode: JSON-RPC 2.0 on stdin/stdout, one message per line, each
// request answered by the wasm SchemaEngine method of the same name.
import { createInterface } from "node:readline";

// Requests passed straight to the wasm engine. `getDatabaseVersion`, `diff` and `createDatabase`
// need handling of their own (see `handle`); anything else is unknown to the wasm build.
const ENGINE_METHODS = new Set([
  "applyMigrations",
  "createMigration",
  "dbExecute",
  "debugPanic",
  "devDiagnostic",
  "diagnoseMigrationHistory",
  "ensureConnectionValidity",
  "evaluateDataLoss",
  "introspect",
  "introspectSql",
  "markMigrationApplied",
  "markMigrationRolledBack",
  "reset",
  "schemaPush",
]);

// The CLI's code for "the engine reported an error", which it then reads from `error.data`.
const ENGINE_ERROR = 4466;

// Right after a `migrate dev --create-only` migration is applied, these can fail with this message;
// a devDiagnostic call with the same migrations sets the engine's shadow database right again.
const RETRIED_AFTER_DEV_DIAGNOSTIC = new Set(["createMigration", "evaluateDataLoss"]);
const LOST_SHADOW_DB = "shadow DB must be provided through an external factory";

/**
 * Serves the CLI's requests until it closes stdin, then exits: the wasm engine leaves 10-60 s
 * timers behind that would otherwise keep every command waiting that long.
 *
 * @param engineStarting the wasm SchemaEngine being created
 * @param options.createDatabase creates the database a `DatasourceParam` names (the wasm build cannot)
 * @param options.errors the ErrorRegistry of the engine's driver adapter
 * @param options.panics where the wasm module records the message of its last panic
 */
export function serveJsonRpc(engineStarting, { createDatabase, errors, panics }) {
  // The wasm engine connects while it starts; the native one connects on its first request. Report
  // a failed start as the answer to each request, as the native engine reports a failed connection
  // (exiting instead can leave the CLI without an answer, and it then quits silently, with status 0).
  const started = engineStarting.then(
    (engine) => ({ engine }),
    (error) => ({ error }),
  );
  const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  const send = (message) => process.stdout.write(`${JSON.stringify(message)}\n`);

  // Replies to requests the engine sends to the CLI (only `print`), by request id.
  const awaitingReply = new Map();
  let nextRequestId = 1;
  const requestFromCli = (method, params) => {
    const id = nextRequestId++;
    send({ jsonrpc: "2.0", id, method, params });
    return new Promise((resolve) => awaitingReply.set(id, resolve));
  };

  const handle = async ({ method, params }) => {
    if (method === "createDatabase") {
      return { databaseName: await createDatabase(params.datasource) };
    }
    const { engine, error: startError } = await started;
    if (startError) {
      throw startError;
    }
    if (method === "getDatabaseVersion") {
      return engine.version(params);
    }
    if (method === "diff") {
      // The wasm engine returns the diff instead of printing it; the native engine asks the CLI
      // to print it and waits for that before answering.
      const { stdout, exitCode } = await engine.diff(params);
      if (stdout) {
        await requestFromCli("print", { content: stdout });
      }
      return { exitCode };
    }
    if (!ENGINE_METHODS.has(method)) {
      throw new Error(`The wasm schema engine has no method ${method}.`);
    }
    try {
      return await engine[method](params);
    } catch (error) {
      if (!RETRIED_AFTER_DEV_DIAGNOSTIC.has(method) || !error.message.includes(LOST_SHADOW_DB)) {
        throw error;
      }
      await engine.devDiagnostic({ migrationsList: params.migrationsList, filters: params.filters });
      return engine[method](params);
    }
  };

  // One request at a time, in arrival order, as the native engine does.
  let queue = Promise.resolve();
  lines.on("line", (line) => {
    if (!line.trim()) {
      return;
    }
    const message = JSON.parse(line);
    if (!message.method) {
      awaitingReply.get(message.id)?.(message);
      awaitingReply.delete(message.id);
      return;
    }
    queue = queue.then(async () => {
      try {
        send({ jsonrpc: "2.0", id: message.id, result: (await handle(message)) ?? null });
      } catch (error) {
        send({ jsonrpc: "2.0", id: message.id, error: toRpcError(error, errors, panics) });
      }
    });
  });
  lines.on("close", () => queue.then(() => process.exit(0)));
}

function toRpcError(error, errors, panics) {
  if (error instanceof WebAssembly.RuntimeError) {
    const message = panics.message ?? error.message;
    return { code: ENGINE_ERROR, message, data: { is_panic: true, message, meta: null, error_code: null } };
  }
  // Engine errors end with a Rust span trace ("   0: schema_engine_wasm::..."), noise for a user.
  const original = errors.lookup(error.message);
  const message = (original ?? error).message.replace(/\n +0: [\s\S]*$/, "");
  return {
    code: ENGINE_ERROR,
    message,
    data: { is_panic: false, message, meta: error.meta ?? null, error_code: error.code ?? null },
  };
}
