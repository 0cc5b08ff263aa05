import type { AddressInfo } from "node:net";
import type { Queue } from "bullmq";
import type { NextFunction, Request, Response } from "express";
import type { Readiness } from "@/lib/health/check-readiness";
import type { Logger } from "@/lib/logger";
import { carriesToken } from "@/lib/observability/bearer-token";
import { metricsExposition } from "@/lib/telemetry/metrics";

export type OpsServerOptions = {
  port: number;
  host: string;
  /** Required on /metrics when set; without it the port must stay on loopback. */
  metricsToken?: string | undefined;
  /** Opens the queue dashboard at /queues; without it the dashboard is off. */
  operatorToken?: string | undefined;
  ready(): Promise<Readiness>;
  queues: Queue[];
  logger: Logger;
};

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

/**
 * A worker process's own small HTTP server (WORKER_METRICS_PORT): Prometheus metrics, liveness
 * and readiness for an orchestrator, and the BullMQ queue dashboard for instance operators
 * (docs/decisions/036-observability.md). Workers have no other HTTP surface, so this one binds to
 * loopback by default, and binding it anywhere else requires METRICS_TOKEN.
 */
export async function startOpsServer(
  options: OpsServerOptions,
): Promise<{ url: string; close(): Promise<void> }> {
  if (!LOOPBACK.test(options.host) && !options.metricsToken) {
    throw new Error(
      `WORKER_METRICS_HOST=${options.host} is not loopback: set METRICS_TOKEN too, or the workers' metrics would be open to the network.`,
    );
  }
  // Loaded here, not at the top: express and Bull Board are several MB a worker without
  // WORKER_METRICS_PORT should not hold (decision 041), and a bundled module's static imports of
  // packages load with the bundle whether or not its code ever runs.
  const [{ default: express }, { createBullBoard }, { BullMQAdapter }, { ExpressAdapter }] =
    await Promise.all([
      import("express"),
      import("@bull-board/api"),
      import("@bull-board/api/bullMQAdapter"),
      import("@bull-board/express"),
    ]);
  const app = express();
  app.disable("x-powered-by");

  app.get("/health/live", (_request, response) => {
    response.set("cache-control", "no-store").json({ ok: true });
  });
  app.get("/health/ready", async (_request, response) => {
    const readiness = await options.ready();
    response
      .status(readiness.ok ? 200 : 503)
      .set("cache-control", "no-store")
      .json(readiness);
  });
  app.get("/metrics", async (request, response) => {
    if (options.metricsToken && !carriesToken(request.get("authorization"), options.metricsToken)) {
      response
        .status(401)
        .set("www-authenticate", 'Bearer realm="metrics"')
        .type("text/plain")
        .send("Refused: send Authorization: Bearer <METRICS_TOKEN>.");
      return;
    }
    const { body, contentType } = await metricsExposition();
    response.set("content-type", contentType).set("cache-control", "no-store").send(body);
  });

  const board = new ExpressAdapter();
  board.setBasePath("/queues");
  createBullBoard({ queues: options.queues.map((queue) => new BullMQAdapter(queue)), serverAdapter: board });
  app.use("/queues", operatorOnly(options.operatorToken), board.getRouter());

  const server = app.listen(options.port, options.host);
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;
  const url = `http://${host}:${port}`;
  options.logger.info({ url }, "ops server: /metrics, /health/live, /health/ready, /queues");
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * The queue dashboard shows every workspace's jobs and can retry or remove them: instance
 * operators only, never a workspace's owners. The token goes as a bearer token or as the
 * password a browser prompts for (any user name).
 */
function operatorOnly(token: string | undefined) {
  return (request: Request, response: Response, next: NextFunction) => {
    if (!token) {
      response
        .status(404)
        .type("text/plain")
        .send("The queue dashboard is off: set OPERATOR_TOKEN to open it.");
      return;
    }
    if (!carriesToken(request.get("authorization"), token)) {
      response
        .status(401)
        .set("www-authenticate", 'Basic realm="StoryRelay operators", charset="UTF-8"')
        .type("text/plain")
        .send("Refused: the queue dashboard needs OPERATOR_TOKEN (as the password, or a bearer token).");
      return;
    }
    next();
  };
}
