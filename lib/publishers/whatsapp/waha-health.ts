import { z } from "zod";
import type { HealthReader } from "../health";
import { sessionSegment, waha } from "./waha-publisher";

const handoffSchema = z.object({ mode: z.literal("handoff") });

const sessionSchema = z.object({
  name: z.string(),
  status: z.string(),
  me: z.object({ pushName: z.string().optional(), id: z.string().optional() }).nullable().optional(),
});

/** "4915112345678@c.us" → "+4915112345678": how a person reads the paired number. */
function phoneOf(id: string | undefined): string | undefined {
  const digits = id?.match(/^(\d{5,15})@/)?.[1];
  return digits ? `+${digits}` : undefined;
}

/**
 * The WAHA session's state, read from the gateway (GET /api/sessions/{session}). Only reads:
 * pairing and restarting a session are the QR pairing's business. A handoff channel has no
 * gateway, so there is nothing to read.
 */
export const wahaHealth: HealthReader = {
  source: "the WhatsApp gateway",
  platform: "WHATSAPP",
  async read(account, endpoints) {
    if (handoffSchema.safeParse(account.config ?? {}).success) return {};
    const info = await waha(
      account,
      endpoints,
      "GET",
      `api/sessions/${sessionSegment(account)}`,
      sessionSchema,
    );
    return { session: { name: info.name, status: info.status, phone: phoneOf(info.me?.id) } };
  },
};
