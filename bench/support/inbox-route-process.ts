/**
 * The Meta webhook route served over HTTP in a process of its own for bench/inbox.ts, as
 * `next start` would hand it requests, so the load generator's own work does not delay the
 * acknowledgements it times. Prints "route <url>" once listening; stops on SIGTERM.
 *
 *   node --import tsx bench/support/inbox-route-process.ts
 */
import { POST } from "@/app/api/webhooks/meta/route";
import { disconnectDb } from "@/lib/db/client";
import { webInboxQueue } from "@/lib/queue/inbox-queue";
import { serveRoute } from "@/test/net/route-server";

const route = await serveRoute("/api/webhooks/meta", { POST });
console.log(`route ${route.url}`);

process.once("SIGTERM", () => {
  void (async () => {
    await route.close();
    await webInboxQueue().close();
    await disconnectDb();
    process.exit(0);
  })();
});
