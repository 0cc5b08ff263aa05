import pino from "pino";
import { loadConfig } from "./config";
import { startSimulator } from "./server";

const config = loadConfig();
const log = pino({ name: "simulators", level: config.SIMULATOR_LOG_LEVEL });

const simulator = await startSimulator({
  port: config.SIMULATOR_PORT,
  host: config.SIMULATOR_HOST,
  publicUrl: config.SIMULATOR_PUBLIC_URL,
  usage: { enforce: config.SIMULATOR_USAGE_ENFORCE },
});
log.info(
  {
    url: simulator.url,
    facebook: `${simulator.url}/facebook`,
    instagram: `${simulator.url}/instagram`,
    rupload: `${simulator.url}/rupload`,
    waha: `${simulator.url}/waha`,
    control: `${simulator.url}/_sim`,
  },
  "simulators listening",
);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, "simulators shutting down");
  try {
    await simulator.close();
    process.exit(0);
  } catch (error) {
    log.error({ err: error }, "simulators did not close cleanly");
    process.exit(1);
  }
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
