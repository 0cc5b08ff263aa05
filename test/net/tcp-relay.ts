import { createConnection, createServer, type Socket } from "node:net";

export type TcpRelay = {
  /** The port it listens on, at the address it was given. */
  port: number;
  close(): Promise<void>;
};

/**
 * Relays TCP from `listen` (an address of this machine) to `target`, byte for byte, one upstream
 * connection per client. For test hosts in network namespaces (test/net/test-hosts.ts): Postgres
 * and Redis listen on 127.0.0.1 only, which a namespace cannot reach, so each host gets a relay on
 * its own link's address. Cutting that link then hangs the host's connections mid-stream, as a
 * real network does, while the relay's side towards Postgres stays open and quiet.
 */
export async function startTcpRelay(
  listen: { host: string; port?: number },
  target: { host: string; port: number },
): Promise<TcpRelay> {
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  };
  const server = createServer((client) => {
    const upstream = createConnection(target);
    track(client);
    track(upstream);
    // Either side ending or failing ends the pair, as a proxy that is not there would.
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("error", end).on("close", end);
    upstream.on("error", end).on("close", end);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(listen.port ?? 0, listen.host, () => resolve());
  });
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("relay has no port");
  return {
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
