import http from "node:http";
import type { AddressInfo } from "node:net";

type Handler = (request: Request) => Promise<Response> | Response;

/**
 * Serves Next.js route handlers over real HTTP on 127.0.0.1, the way `next start` hands them a
 * Request, so something outside the process (a simulator posting webhooks) can call them. Each
 * exported method of the route module answers its own method; others get 405.
 */
export async function serveRoute(path: string, handlers: Partial<Record<"GET" | "POST", Handler>>) {
  const server = http.createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.on("end", async () => {
      const method = incoming.method ?? "GET";
      const url = new URL(incoming.url ?? "/", `http://${incoming.headers.host ?? "127.0.0.1"}`);
      const handler = handlers[method as "GET" | "POST"];
      if (url.pathname !== path || !handler) {
        outgoing.writeHead(url.pathname === path ? 405 : 404).end();
        return;
      }
      const headers = new Headers();
      for (const [name, value] of Object.entries(incoming.headers)) {
        if (typeof value === "string") headers.set(name, value);
      }
      try {
        const response = await handler(
          new Request(url, {
            method,
            headers,
            body: method === "GET" ? undefined : Buffer.concat(chunks),
          }),
        );
        const body = Buffer.from(await response.arrayBuffer());
        outgoing.writeHead(response.status, Object.fromEntries(response.headers.entries())).end(body);
      } catch (error) {
        outgoing.writeHead(500, { "content-type": "text/plain" }).end(String(error));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
