import { whatsapp } from "@/lib/core/platforms/whatsapp";
import { AppError } from "@/lib/errors";
import { redact } from "@/lib/publishers/http";
import { isPublisherError } from "@/lib/publishers/publisher-error";
import type { WahaGateway } from "@/lib/publishers/whatsapp/waha-sessions";

/** The platform a QR pairing connects: the WhatsApp descriptor's own name. */
export const PAIRING_PLATFORM = whatsapp.platform;

/** How long a started pairing can be polled: a QR code nobody scanned in that time is abandoned. */
export const PAIRING_LIFETIME_MS = 15 * 60_000;

/** How long one call to the gateway may take while a person waits for the QR code. */
export const PAIRING_TIMEOUT_MS = 10_000;

export type PairingGateway = Omit<WahaGateway, "timeoutMs">;

/**
 * A gateway refusal as the person pairing can act on it. The publisher's advice is written for the
 * pipeline ("StoryRelay will try again", "Reconnect WhatsApp"), which does not fit here: nothing was
 * saved and the person is looking at the form.
 */
export async function withGatewayAdvice<T>(gateway: PairingGateway, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!isPublisherError(error)) throw error;
    const where = `The WhatsApp gateway at ${gateway.gatewayUrl}`;
    if (error.platformCode === "network" || error.platformCode === "timeout") {
      const message = `${where} ${error.platformCode === "network" ? "could not be reached" : "did not answer in time"}: check the address and that the gateway is running. Nothing was saved.`;
      throw new AppError("INVALID_INPUT", message, { fields: { gatewayUrl: message } });
    }
    if (error.platformCode === "HTTP 401" || error.platformCode === "HTTP 403") {
      const message =
        "The gateway refused this API key: use the key the WAHA server was started with (WAHA_API_KEY). Nothing was saved.";
      throw new AppError("INVALID_INPUT", message, { fields: { apiKey: message } });
    }
    // The gateway's own words, minus the key should it echo it.
    const detail = error.platformMessage
      ? ` (${error.platformCode}: ${redact(error.platformMessage, [gateway.apiKey])})`
      : "";
    throw new AppError("INVALID_INPUT", `${where} refused the session${detail}. Nothing was saved.`);
  }
}
