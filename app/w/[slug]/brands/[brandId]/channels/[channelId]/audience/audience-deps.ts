import "server-only";
import type { WebDeps } from "@/app/_lib/deps";
import type { AudienceDeps } from "@/lib/audiences/audience-deps";
import { publisherFor } from "@/lib/publishers/registry";
import { createEndpointResolver } from "@/lib/publishing/endpoints";

/** The audience use cases' dependencies from the web's: database, key, adapters, configured hosts. */
export function audienceDeps(deps: WebDeps): AudienceDeps {
  return { db: deps.db, box: deps.box, publisherFor, endpointsFor: createEndpointResolver(deps.env) };
}
