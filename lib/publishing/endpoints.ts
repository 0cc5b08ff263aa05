import type { PublisherEndpoints } from "@/lib/publishers/contract";

export type EndpointConfig = {
  GRAPH_API_VERSION: string;
  META_GRAPH_URL: string;
  INSTAGRAM_GRAPH_URL: string;
  META_APP_ID?: string;
  META_APP_SECRET?: string;
  PUBLISH_HTTP_TIMEOUT_MS: number;
  SIMULATOR_URL: string;
};

/**
 * Where a channel's calls go: Meta's hosts (configurable, defaults are the real ones) for real
 * channels, the bundled simulators' path prefixes for sandbox channels. Pointing a channel at the
 * real platform is configuration, not code.
 */
export function createEndpointResolver(
  config: EndpointConfig,
): (channel: { sandbox: boolean }) => PublisherEndpoints {
  const shared = { apiVersion: config.GRAPH_API_VERSION, timeoutMs: config.PUBLISH_HTTP_TIMEOUT_MS };
  const real: PublisherEndpoints = {
    ...shared,
    facebookGraph: config.META_GRAPH_URL,
    instagramGraph: config.INSTAGRAM_GRAPH_URL,
    appId: config.META_APP_ID,
    appSecret: config.META_APP_SECRET,
  };
  const sandbox: PublisherEndpoints = {
    ...shared,
    facebookGraph: `${config.SIMULATOR_URL}/facebook`,
    instagramGraph: `${config.SIMULATOR_URL}/instagram`,
    waha: `${config.SIMULATOR_URL}/waha`,
  };
  return (channel) => (channel.sandbox ? sandbox : real);
}
