import { perPlatform } from "@/lib/core/platforms/registry";

// Each platform's shapes live in its descriptor (lib/core/platforms/<platform>.ts); these tables
// are read from the registry, so a new platform needs no line here.

/** What each platform's secret holds once decrypted. Parsed on the way in and on the way out. */
export const credentialSchemas = perPlatform((d) => d.credentials);

/**
 * A channel's decrypted secret: every platform's holds one string (token or gateway key) under
 * its own key, `{ accessToken }` say; the descriptor's schema says which.
 */
export type ChannelCredentials = Record<string, string>;

/** Non-secret settings per platform, kept in Channel.config. */
export const channelConfigSchemas = perPlatform((d) => d.config);

/** The one secret a platform call authenticates with (token or gateway key). */
export function authSecret(credentials: ChannelCredentials): string {
  const [secret] = Object.values(credentials);
  if (typeof secret !== "string") throw new Error("Channel credentials hold no secret.");
  return secret;
}

/** The same credentials with a renewed secret under the same key. */
export function withSecret(credentials: ChannelCredentials, secret: string): ChannelCredentials {
  const [key] = Object.keys(credentials);
  if (key === undefined) throw new Error("Channel credentials hold no secret.");
  return { ...credentials, [key]: secret };
}
