import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

type Route =
  | { kind: "bytes"; bytes: Buffer; contentType: string }
  | { kind: "status"; status: number }
  | { kind: "hang" };

/**
 * A tiny origin for media URLs in tests: serves given bytes, a given HTTP status, or never
 * answers (to trigger download timeouts). Counts GETs per path.
 */
export async function startMediaServer() {
  const routes = new Map<string, Route>();
  const hits = new Map<string, number>();
  const hanging = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const route = routes.get(path);
    if (!route) {
      res.writeHead(404).end("not found");
      return;
    }
    if (route.kind === "hang") {
      hanging.add(res);
      res.on("close", () => hanging.delete(res));
      return;
    }
    if (route.kind === "status") {
      res.writeHead(route.status).end();
      return;
    }
    res
      .writeHead(200, { "content-type": route.contentType, "content-length": route.bytes.length })
      .end(route.bytes);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;

  return {
    url: (path: string) => `${base}${path}`,
    serve(path: string, bytes: Buffer, contentType = "application/octet-stream") {
      routes.set(path, { kind: "bytes", bytes, contentType });
      return `${base}${path}`;
    },
    status(path: string, status: number) {
      routes.set(path, { kind: "status", status });
      return `${base}${path}`;
    },
    hang(path: string) {
      routes.set(path, { kind: "hang" });
      return `${base}${path}`;
    },
    hits: (path: string) => hits.get(path) ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type MediaServer = Awaited<ReturnType<typeof startMediaServer>>;
