import { z } from "zod";
import { redact } from "../http";
import type { MessagingSender, SendOutcome } from "../messaging-contract";
import { transportOutcome } from "../messaging-outcome";
import { isPublisherError } from "../publisher-error";
import { waha } from "./waha-publisher";

const sentSchema = z.object({ id: z.union([z.string(), z.object({ _serialized: z.string() })]) });

/**
 * WhatsApp through the WAHA gateway: `POST /api/sendText` or `/api/sendImage` on the linked
 * phone's session. A linked phone has no answering window, so the only refusals are the gateway's.
 */
export const whatsappMessaging: MessagingSender = {
  platform: "WHATSAPP",
  async send(account, request, endpoints): Promise<SendOutcome> {
    const session = account.externalAccountId;
    const { reply } = request;
    const [path, body] =
      reply.kind === "text"
        ? ["api/sendText", { session, chatId: request.recipientId, text: reply.text }]
        : [
            "api/sendImage",
            {
              session,
              chatId: request.recipientId,
              file: { mimetype: reply.mimeType, url: reply.url },
              ...(reply.caption ? { caption: reply.caption } : {}),
            },
          ];
    try {
      const sent = await waha(account, endpoints, "POST", path, sentSchema, body);
      return { status: "sent", externalId: typeof sent.id === "string" ? sent.id : sent.id._serialized };
    } catch (error) {
      if (!isPublisherError(error)) throw error;
      if (error.platformCode === "timeout" || error.platformCode === "network") {
        return transportOutcome(error, "The WhatsApp gateway");
      }
      // A 5xx from the gateway may come after the phone sent it: unknown, like a lost answer.
      if (/^HTTP 5\d\d/.test(error.platformCode ?? "")) {
        return {
          status: "unknown_outcome",
          platformCode: error.platformCode,
          advice: "The WhatsApp gateway failed while sending.",
        };
      }
      return {
        status: "failed",
        errorClass: error.errorClass,
        platformCode: error.platformCode,
        advice: redact(error.advice, [account.secret]),
      };
    }
  },
};
