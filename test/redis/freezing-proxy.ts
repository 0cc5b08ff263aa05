import { connect, createServer, type Socket } from "node:net";

/**
 * A TCP proxy in front of Redis whose open connections can be frozen: they stay open but carry
 * nothing more either way, as a connection does whose peer vanished without closing it (a failover,
 * a cut link). Connections opened after the freeze pass as usual.
 */
export async function startFreezingProxy(target: { host: string; port: number }) {
  const open: { client: Socket; upstream: Socket }[] = [];
  const frozen: Socket[] = [];
  const server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    client.pipe(upstream);
    upstream.pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    for (const socket of [client, upstream]) {
      socket.on("error", end);
      socket.on("close", end);
    }
    open.push({ client, upstream });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("the proxy has no port");
  return {
    port: address.port,
    /** Every connection open now stops carrying data, without closing. */
    freeze() {
      for (const { client, upstream } of open.splice(0)) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.pause();
        upstream.pause();
        frozen.push(client, upstream);
      }
    },
    async close() {
      for (const socket of [...frozen, ...open.flatMap((pair) => [pair.client, pair.upstream])])
        socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
