import { z } from "zod";
import type { Platform } from "@/lib/db/generated/enums";

/** What each platform's secret holds once decrypted. Parsed on the way in and on the way out. */
export const credentialSchemas = {
  INSTAGRAM: z.object({ accessToken: z.string().min(1) }),
  FACEBOOK: z.object({ pageAccessToken: z.string().min(1) }),
  WHATSAPP: z.object({ apiKey: z.string().min(1) }),
} satisfies Record<Platform, z.ZodType>;

export type ChannelCredentials<P extends Platform = Platform> = z.infer<(typeof credentialSchemas)[P]>;

/** Non-secret settings per platform, kept in Channel.config. */
export const channelConfigSchemas = {
  INSTAGRAM: z.object({ host: z.enum(["facebook", "instagram"]).default("instagram") }),
  FACEBOOK: z.object({}),
  WHATSAPP: z.object({
    mode: z.enum(["gateway", "handoff"]).default("gateway"),
    /** WAHA base URL for gateway mode; sandbox channels use the simulator's instead. */
    gatewayUrl: z.url().optional(),
    /** Member who posts by hand in handoff mode. */
    assigneeUserId: z.string().optional(),
  }),
} satisfies Record<Platform, z.ZodType>;

/** The one secret a platform call authenticates with (token or gateway key). */
export function authSecret(credentials: ChannelCredentials): string {
  if ("accessToken" in credentials) return credentials.accessToken;
  if ("pageAccessToken" in credentials) return credentials.pageAccessToken;
  return credentials.apiKey;
}
