import { z } from "zod";

/**
 * What connecting a channel takes, per platform. Shared by connectChannel and the connect form,
 * so the form's field names are the schema's keys and errors land next to the right input.
 */

const brandId = z.string().trim().min(1, "Choose a brand.").max(100);
const graphId = (what: string) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,32}$/, `The ${what} id is a number, e.g. 17841400000000000.`);
const secret = (what: string) =>
  z.string().trim().min(8, `Paste the full ${what}.`).max(4_000, `That ${what} is too long.`);

export const connectInstagramSchema = z.object({
  platform: z.literal("INSTAGRAM"),
  brandId,
  accountId: graphId("Instagram account"),
  accessToken: secret("access token"),
  /** Which login made the token: Instagram Login (graph.instagram.com) or Facebook Login. */
  host: z.enum(["instagram", "facebook"], { message: "Choose how the token was made." }).default("instagram"),
});

export const connectFacebookSchema = z.object({
  platform: z.literal("FACEBOOK"),
  brandId,
  pageId: graphId("Page"),
  pageAccessToken: secret("Page access token"),
});

const unofficialAcknowledged = z.literal(true, {
  message: "Confirm that you understand the risk of the unofficial gateway.",
});

export const connectWhatsAppGatewaySchema = z.object({
  platform: z.literal("WHATSAPP"),
  mode: z.literal("gateway"),
  brandId,
  gatewayUrl: z
    .url({ protocol: /^https?$/, message: "Use the gateway's http:// or https:// address." })
    .trim()
    .max(500),
  session: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, "The session name has letters, digits, dots, dashes or underscores."),
  apiKey: secret("API key"),
  /**
   * WhatsApp has no official API for Status: a linked-device gateway (WAHA) acts as a phone, which
   * WhatsApp's terms do not allow and which can get the number banned. The person connecting must
   * say they know.
   */
  acknowledgeUnofficial: unofficialAcknowledged,
});

export const connectWhatsAppHandoffSchema = z.object({
  platform: z.literal("WHATSAPP"),
  mode: z.literal("handoff"),
  brandId,
  assigneeUserId: z.string().trim().min(1, "Choose who posts the status.").max(100),
});

export const connectChannelSchema = z.discriminatedUnion(
  "platform",
  [
    connectInstagramSchema,
    connectFacebookSchema,
    z.discriminatedUnion("mode", [connectWhatsAppGatewaySchema, connectWhatsAppHandoffSchema], {
      error: "Choose gateway or handoff for WhatsApp.",
    }),
  ],
  { error: "Choose Instagram, Facebook or WhatsApp." },
);

export type ConnectChannelInput = z.input<typeof connectChannelSchema>;
export type ConnectChannelFields = z.output<typeof connectChannelSchema>;
