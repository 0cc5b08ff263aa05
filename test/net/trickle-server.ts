import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * An HTTP server on 127.0.0.1 that answers every request at once with its headers, then sends
 * `body` one slice every `everyMs`: a source that is never silent long enough for an idle timeout
 * and still takes `slices × everyMs` in all. `finished` counts the answers sent to the end.
 */
export async function startTrickleServer(options: {
  body: Uint8Array;
  slices: number;
  everyMs: number;
  status?: number;
  contentType?: string;
}) {
  const open = new Set<ServerResponse>();
  const state = { requests: 0, finished: 0 };
  const server = createServer((request, response) => {
    state.requests++;
    request.resume();
    open.add(response);
    response.writeHead(options.status ?? 200, {
      "content-type": options.contentType ?? "application/octet-stream",
      "content-length": options.body.length,
    });
    const size = Math.ceil(options.body.length / options.slices);
    let sent = 0;
    const timer = setInterval(() => {
      if (response.destroyed) return void clearInterval(timer);
      response.write(options.body.subarray(sent, sent + size));
      sent += size;
      if (sent >= options.body.length) {
        clearInterval(timer);
        response.end(() => state.finished++);
      }
    }, options.everyMs);
    response.on("close", () => {
      clearInterval(timer);
      open.delete(response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    state,
    /** How long the whole body takes to arrive. */
    totalMs: options.slices * options.everyMs,
    close: () =>
      new Promise<void>((resolve) => {
        for (const response of open) response.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
