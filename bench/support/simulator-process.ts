/**
 * The simulators in a process of their own for bench/publish.ts, so the benchmark's own work
 * (scheduling, polling the database, serving media) does not share their event loop.
 *
 *   node --import tsx bench/support/simulator-process.ts
 *
 * Prints one JSON line {"url": "..."} once listening. Besides the simulators' own routes it
 * answers `GET /_bench/first-requests` (account id → Date.now() when the first platform request
 * naming that account arrived) and `DELETE /_bench/first-requests`. The ledger's receivedAt is the
 * time of the *publish* call, the last of a target's calls; lateness as the issue defines it is
 * measured from the first call, which only the server in front of the dispatcher can see.
 * `GET /_bench/account-posts` counts POST /_sim/accounts calls, so the benchmark can wait for the
 * workers' start-up registration of every sandbox account to finish before it measures anything.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { SimState } from "@/simulators/core/sim-state";
import { simulatorOptionsSchema } from "@/simulators/core/simulator-options";
import { createDispatcher } from "@/simulators/http/dispatch";

const GRAPH_VERSION = /^v\d+\.\d+$/;

/**
 * The account a platform request names in its path, when it names one: the Graph calls that
 * start a target's work (content_publishing_limit, /photos, /media) are `/{account-id}/...`,
 * WAHA's are `/api/{session}/status/...`. Other ids (containers, videos) are recorded too, and
 * simply never looked up.
 */
function accountOf(url: string): string | undefined {
  const [prefix, ...rest] = (url.split("?")[0] ?? "").split("/").filter(Boolean);
  if (prefix === "facebook" || prefix === "instagram") {
    const [first, second] = rest;
    return first && GRAPH_VERSION.test(first) ? second : first;
  }
  if (prefix === "waha" && rest[0] === "api" && rest[1] !== "sessions") return rest[1];
  return undefined;
}

const state = new SimState(
  simulatorOptionsSchema.parse({
    port: 0,
    instagram: { imageProcessingMs: 0 },
    // Budgets far above what any phase uses: the benchmark measures StoryRelay, not throttling.
    usage: { enforce: false },
  }),
);
const dispatch = createDispatcher(state);
const firstRequest = new Map<string, number>();
let accountPosts = 0;

const server = createServer({ keepAlive: true, keepAliveTimeout: 65_000 }, (req, res) => {
  const arrived = Date.now();
  const url = req.url ?? "/";
  if (url === "/_bench/first-requests") {
    if (req.method === "DELETE") firstRequest.clear();
    res.writeHead(200, { "content-type": "application/json" });
    res.end(req.method === "DELETE" ? "{}" : JSON.stringify(Object.fromEntries(firstRequest)));
    return;
  }
  if (url === "/_bench/account-posts") {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ count: accountPosts }));
    return;
  }
  if (req.method === "POST" && url === "/_sim/accounts") accountPosts++;
  const account = accountOf(url);
  if (account && !firstRequest.has(account)) firstRequest.set(account, arrived);
  void dispatch(req, res);
});
server.headersTimeout = 70_000;
server.requestTimeout = 0;
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
console.log(JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));

process.on("SIGTERM", () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
