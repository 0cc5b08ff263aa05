import type { SendOutcome } from "./messaging-contract";
import { isPublisherError } from "./publisher-error";

/**
 * What a transport failure (sendHttp threw) means for a message. A refused or unresolvable
 * connection never carried the request: certainly not sent. A timeout or a connection dropped
 * mid-exchange may have delivered it: unknown, and never to be sent again blindly.
 */
export function transportOutcome(error: unknown, label: string): SendOutcome {
  const detail = isPublisherError(error) ? (error.platformMessage ?? "") : "";
  const code = isPublisherError(error) ? error.platformCode : undefined;
  if (code === "network" && /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH/.test(detail)) {
    return {
      status: "failed",
      errorClass: "retryable",
      platformCode: code,
      advice: `${label} could not be reached; nothing was sent. Try again in a moment.`,
    };
  }
  return {
    status: "unknown_outcome",
    platformCode: code ?? "network",
    advice:
      code === "timeout"
        ? `${label} did not answer in time.`
        : `The connection to ${label} broke before it answered.`,
  };
}
