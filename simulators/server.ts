import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { SimState } from "./core/sim-state";
import { type SimulatorOptionsInput, simulatorOptionsSchema } from "./core/simulator-options";
import { createDispatcher } from "./http/dispatch";
import { deliverExpiredStories } from "./webhooks/story-insights-webhook";

export interface RunningSimulator {
  /** "http://host:port" – append /facebook, /instagram, /rupload, /waha or /_sim. */
  url: string;
  port: number;
  /** The in-memory state, for in-process tooling; tests should prefer the HTTP control API. */
  state: SimState;
  close(): Promise<void>;
}

/**
 * Starts the sandbox platforms on one port: Graph (Facebook and Instagram hosts), rupload, WAHA,
 * the control API and the phone page. Port 0 picks a free port.
 */
export async function startSimulator(input: SimulatorOptionsInput = {}): Promise<RunningSimulator> {
  const options = simulatorOptionsSchema.parse(input);
  const state = new SimState(options);
  const dispatch = createDispatcher(state);
  const server = createServer({ keepAlive: true, keepAliveTimeout: 65_000 }, (req, res) => {
    void dispatch(req, res);
  });
  // Benchmarks open many keep-alive connections; never let the server drop them as idle mid-run.
  server.headersTimeout = 70_000;
  server.requestTimeout = 0;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  // Stories expire in real time too: look for due story_insights deliveries now and then.
  const ticker = setInterval(() => deliverExpiredStories(state), options.webhooks.tickMs);
  ticker.unref();
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;

  return {
    url: `http://${host}:${port}`,
    port,
    state,
    close: () =>
      new Promise<void>((resolve, reject) => {
        clearInterval(ticker);
        state.webhooks.clear();
        for (const release of [...state.hanging]) release();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
