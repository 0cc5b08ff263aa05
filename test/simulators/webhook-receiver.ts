import http from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedPost {
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The exact bytes as text: signatures are checked over them. */
  body: string;
}

/**
 * A bare webhook receiver for simulator tests: answers Meta's verification GET for `verifyToken`,
 * records every POST, and answers 500 to the next `failNext` POSTs (to see retries).
 */
export async function startWebhookReceiver(verifyToken = "receiver-verify-token") {
  const received: ReceivedPost[] = [];
  const control = { failNext: 0 };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://receiver");
    if (req.method === "GET") {
      const ok =
        url.searchParams.get("hub.mode") === "subscribe" &&
        url.searchParams.get("hub.verify_token") === verifyToken;
      res.writeHead(ok ? 200 : 403).end(ok ? (url.searchParams.get("hub.challenge") ?? "") : "no");
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      if (control.failNext > 0) {
        control.failNext -= 1;
        res.writeHead(500).end("down");
        return;
      }
      received.push({
        path: url.pathname,
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      });
      res.writeHead(200).end("EVENT_RECEIVED");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    verifyToken,
    received,
    control,
    /** Posts received on `path`, parsed. */
    // biome-ignore lint/suspicious/noExplicitAny: webhook bodies are asserted on, field by field
    bodies: (path: string): any[] => received.filter((r) => r.path === path).map((r) => JSON.parse(r.body)),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export type WebhookReceiver = Awaited<ReturnType<typeof startWebhookReceiver>>;
