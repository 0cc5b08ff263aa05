import { z } from "zod";
import type { PublisherAccount, PublisherEndpoints } from "../contract";
import { graphClientFor } from "../graph-shared";

const configSchema = z.object({
  host: z.enum(["facebook", "instagram"]).catch("instagram").default("instagram"),
});

export function hostOf(account: PublisherAccount): "facebook" | "instagram" {
  return configSchema.parse(account.config ?? {}).host;
}

/** Instagram with Facebook Login lives on graph.facebook.com, with Instagram Login on graph.instagram.com. */
export function instagramClient(account: PublisherAccount, endpoints: PublisherEndpoints) {
  const base = hostOf(account) === "facebook" ? endpoints.facebookGraph : endpoints.instagramGraph;
  return graphClientFor(account, endpoints, base, "Instagram");
}
