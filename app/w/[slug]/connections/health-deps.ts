import "server-only";
import { webDeps } from "@/app/_lib/deps";
import type { ConnectionHealthDeps } from "@/lib/channels/get-connection-health";
import { healthReaderFor } from "@/lib/publishers/registry";
import { createEndpointResolver } from "@/lib/publishing/endpoints";

/** What the connection health read is built from: the web's database and key, the configured hosts. */
export function connectionHealthDeps(): ConnectionHealthDeps {
  const deps = webDeps();
  return { db: deps.db, box: deps.box, healthReaderFor, endpointsFor: createEndpointResolver(deps.env) };
}
