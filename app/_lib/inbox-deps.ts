import "server-only";
import type { SendReplyDeps } from "@/lib/inbox/inbox-deps";
import { mediaUrlSigner } from "@/lib/media/signed-url";
import { messagingSenderFor } from "@/lib/publishers/messaging-registry";
import { createEndpointResolver } from "@/lib/publishing/endpoints";
import { redis } from "@/lib/redis/client";
import type { WebDeps } from "./deps";

/** The inbox's use cases' dependencies in the web process: answering calls the platform from the request. */
export function inboxDeps(deps: WebDeps): SendReplyDeps {
  return {
    db: deps.db,
    redis: redis(),
    box: deps.box,
    endpointsFor: createEndpointResolver(deps.env),
    senderFor: messagingSenderFor,
    mediaUrlFor: mediaUrlSigner(deps.env),
  };
}
