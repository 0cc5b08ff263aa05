#!/usr/bin/env node
// Stand-in for Prisma's native schema-engine executable, which the Prisma 7 CLI downloads from a
// host this machine cannot reach. prisma.config.ts points PRISMA_SCHEMA_ENGINE_BINARY here, and
// the CLI then talks to this program exactly as it would to the native engine. The engine itself
// is @prisma/schema-engine-wasm (an internal Prisma package, pinned exactly in package.json: re-test
// migrations after every Prisma upgrade); see docs/prisma-offline.md and decision 001.
//
//   prisma-schema-engine --datamodels <file>... --datasource <json>          JSON-RPC server on stdio
//   prisma-schema-engine --datasource <json> cli can-connect-to-database     (and create-database,
//                                                                            drop-database)
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { createAdapterFactory, ErrorRegistry } from "./prisma-schema-engine/driver-adapter.mjs";
import { serveJsonRpc } from "./prisma-schema-engine/json-rpc-server.mjs";
import {
  checkConnection,
  createDatabase,
  describeConnectionError,
  dropDatabase,
  reportCatalogCharColumnsAsText,
} from "./prisma-schema-engine/postgres.mjs";

const { values, positionals } = parseArgs({
  options: {
    version: { type: "boolean" },
    datamodels: { type: "string", multiple: true, default: [] },
    datasource: { type: "string", default: "{}" },
    // Passed by the CLI for preview features and extensions; SchemaEngine.new() takes neither.
    "enabled-preview-features": { type: "string" },
    "extension-types": { type: "string" },
  },
  allowPositionals: true,
});
/** @type {{ url?: string, shadowDatabaseUrl?: string }} */
const datasource = JSON.parse(values.datasource);

/** Writes one line of the native engine's JSON log to stderr, where the CLI looks for errors. */
function logError(fields) {
  const line = {
    timestamp: new Date().toISOString(),
    level: "ERROR",
    fields,
    target: "schema_engine::logger",
  };
  process.stderr.write(`${JSON.stringify(line)}\n`);
}

const CLI_COMMANDS = {
  "can-connect-to-database": checkConnection,
  "create-database": createDatabase,
  "drop-database": dropDatabase,
};

/** `cli <command>`: what `migrate dev`, `migrate reset` and others use to probe the database. */
async function runCliCommand(command) {
  const run = CLI_COMMANDS[command];
  if (!run) {
    throw new Error(`Unknown cli command: ${command}`);
  }
  try {
    await run(datasource.url);
  } catch (error) {
    const { code, message } = describeConnectionError(error, datasource.url);
    // The CLI skips the first stderr line and parses every other one as a JSON log line.
    process.stderr.write(`schema-engine cli ${command} failed\n`);
    logError({ message, ...(code && { error_code: code }) });
    process.exitCode = 1;
  }
}

async function loadWasmBindings() {
  const bindingsUrl = import.meta.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  const bindings = await import(bindingsUrl);
  // The package's own entry point imports the .wasm file as an ES module, which Node cannot do.
  const wasm = await readFile(new URL("schema_engine_bg.wasm", bindingsUrl));
  const { instance } = await WebAssembly.instantiate(wasm, { "./schema_engine_bg.js": bindings });
  bindings.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  return bindings;
}

async function loadSchemaEngine(adapterFactory) {
  const bindings = await loadWasmBindings();
  const datamodels = await Promise.all(
    values.datamodels.map(async (path) => [path, await readFile(path, "utf8")]),
  );
  // The engine's log lines are already in the native engine's JSON format.
  const log = (line) => process.stderr.write(line);
  // `datamodels` must be undefined rather than empty.
  return bindings.SchemaEngine.new(
    { datamodels: datamodels.length ? datamodels : undefined },
    log,
    adapterFactory,
  );
}

async function startServer() {
  // The wasm module reports a panic's message through this global just before it aborts.
  const panics = { message: undefined };
  globalThis.PRISMA_WASM_PANIC_REGISTRY = { set_message: (message) => (panics.message = message) };
  reportCatalogCharColumnsAsText();

  const errors = new ErrorRegistry();
  serveJsonRpc(loadSchemaEngine(createAdapterFactory(datasource, errors)), {
    errors,
    panics,
    createDatabase: (param) => createDatabase(param.tag === "ConnectionString" ? param.url : datasource.url),
  });
}

try {
  if (values.version) {
    // Shown by `prisma --version`.
    console.log(`schema-engine-wasm ${(await loadWasmBindings()).version()}`);
  } else if (positionals[0] === "cli") {
    await runCliCommand(positionals[1]);
  } else {
    await startServer();
  }
} catch (error) {
  logError({ message: error.message });
  process.exit(1);
}
