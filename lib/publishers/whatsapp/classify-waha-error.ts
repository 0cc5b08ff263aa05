import { z } from "zod";
import { PublisherError } from "../publisher-error";

/** A session that is starting becomes WORKING on its own within seconds. */
export const WAHA_STARTING_WAIT_MS = 30_000;
export const WAHA_THROTTLE_WAIT_MS = 60_000;

const bodySchema = z
  .object({
    message: z.union([z.string(), z.array(z.string())]).optional(),
    error: z.string().optional(),
    status: z.string().optional(),
    session: z.string().optional(),
  })
  .catch({});

/** What a person must do for a session in this state; undefined when waiting suffices. */
export function sessionStateAdvice(state: string | undefined): string | undefined {
  switch (state) {
    case "STARTING":
      return undefined;
    case "SCAN_QR_CODE":
      return "Reconnect WhatsApp: the phone is no longer linked; scan the QR code on the gateway again.";
    case "STOPPED":
      return "Start the WhatsApp session on the gateway again; it is stopped.";
    case "FAILED":
      return "Restart the WhatsApp session on the gateway and scan the QR code if it asks; the session failed.";
    default:
      return `Reconnect WhatsApp: the gateway session is ${state ?? "not working"}.`;
  }
}

/**
 * Maps a WAHA error answer. WAHA speaks NestJS: `{"statusCode","message"}`, plus its own
 * `{"error":"Session status is not as expected","status",...}` (422) for a session that cannot
 * send. 401 and a session that needs a person are reauth_required; STARTING is only a wait
 * (retryable), a deviation from the contract table that says 422 → reauth_required, because a
 * session restart would otherwise page the channel owner for nothing.
 */
export function classifyWahaError(input: { status: number; body: unknown; text?: string }): PublisherError {
  const body = bodySchema.parse(input.body ?? {});
  const message = Array.isArray(body.message)
    ? body.message.join("; ")
    : (body.message ?? body.error ?? input.text);
  const platformCode = `HTTP ${input.status}`;
  const platformMessage = message?.slice(0, 300);
  const base = { platformCode, platformMessage };

  if (input.status === 401 || input.status === 403) {
    return new PublisherError({
      ...base,
      errorClass: "reauth_required",
      advice: "Reconnect WhatsApp: the gateway refused StoryRelay's API key.",
    });
  }
  if (input.status === 404 && /session/i.test(message ?? "")) {
    return new PublisherError({
      ...base,
      errorClass: "reauth_required",
      advice: "Reconnect WhatsApp: the session no longer exists on the gateway.",
    });
  }
  if (input.status === 422) {
    const advice = sessionStateAdvice(body.status);
    const withState = { ...base, platformCode: `HTTP 422 ${body.status ?? ""}`.trim() };
    return advice
      ? new PublisherError({ ...withState, errorClass: "reauth_required", advice })
      : new PublisherError({
          ...withState,
          errorClass: "retryable",
          advice: "The WhatsApp session is starting; StoryRelay will try again shortly.",
          retryAfterMs: WAHA_STARTING_WAIT_MS,
        });
  }
  if (input.status === 429) {
    return new PublisherError({
      ...base,
      errorClass: "rate_limited",
      advice:
        "The WhatsApp gateway is limiting StoryRelay for now; the status goes out as soon as it allows.",
      retryAfterMs: WAHA_THROTTLE_WAIT_MS,
    });
  }
  if (input.status === 400 || input.status === 413) {
    let advice = `WhatsApp refused the status: ${platformMessage ?? "invalid request"}`;
    if (/jpe?g/i.test(message ?? "")) advice = "WhatsApp Status takes JPEG images: export the image as JPEG.";
    else if (/over \d+ bytes|too large/i.test(message ?? ""))
      advice = "The file is larger than WhatsApp Status accepts (16 MB).";
    else if (/video/i.test(message ?? ""))
      advice = `WhatsApp does not accept this video: use an MP4 (H.264, AAC, fast start) of at most 60 s (${platformMessage}).`;
    return new PublisherError({ ...base, errorClass: "invalid_content", advice });
  }
  return new PublisherError({
    ...base,
    errorClass: "retryable",
    advice: `The WhatsApp gateway had a problem (HTTP ${input.status}); StoryRelay will try again.`,
  });
}
