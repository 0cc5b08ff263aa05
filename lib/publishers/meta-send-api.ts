import { z } from "zod";
import { classifyGraphError, type GraphPlatformLabel, parseGraphEnvelope } from "./classify-graph-error";
import type { PublisherEndpoints } from "./contract";
import { appSecretProof } from "./graph-client";
import { redact, sendHttp } from "./http";
import type { ReplyRequest, SendOutcome } from "./messaging-contract";
import { transportOutcome } from "./messaging-outcome";
import { isPublisherError } from "./publisher-error";

/** Meta's "outside of allowed window" subcodes: Instagram's, then Messenger's. */
const WINDOW_CLOSED_SUBCODES = new Set([2534022, 2018278]);
/** "No matching user found": the person never messaged the account. */
const NO_MATCHING_USER = 2018001;

const sentSchema = z.object({ message_id: z.coerce.string().min(1) });

/**
 * One call to Meta's Send API (`POST /{account-id}/messages`), shared by the Instagram and
 * Facebook senders, which differ only in host and label. The body is JSON with nested objects,
 * which the publishing Graph client (flat parameters) does not send.
 */
export async function sendThroughMetaSendApi(input: {
  baseUrl: string;
  accountId: string;
  token: string;
  label: GraphPlatformLabel;
  request: ReplyRequest;
  endpoints: PublisherEndpoints;
}): Promise<SendOutcome> {
  const { request, endpoints, label } = input;
  const proof = endpoints.appSecret ? appSecretProof(input.token, endpoints.appSecret) : undefined;
  const secrets = [input.token, endpoints.appSecret, proof];
  const message =
    request.reply.kind === "text"
      ? { text: request.reply.text }
      : { attachment: { type: "image", payload: { url: request.reply.url } } };
  const body = {
    recipient: { id: request.recipientId },
    messaging_type: request.humanAgentTag ? "MESSAGE_TAG" : "RESPONSE",
    ...(request.humanAgentTag ? { tag: "HUMAN_AGENT" } : {}),
    message,
  };
  const root = input.baseUrl.replace(/\/+$/, "");
  const query = proof ? `?appsecret_proof=${proof}` : "";
  const url = `${root}/${endpoints.apiVersion}/${encodeURIComponent(input.accountId)}/messages${query}`;
  let answer: Awaited<ReturnType<typeof sendHttp>>;
  try {
    answer = await sendHttp(
      url,
      {
        method: "POST",
        headers: { authorization: `Bearer ${input.token}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      },
      { timeoutMs: endpoints.timeoutMs, secrets, platformLabel: label },
    );
  } catch (error) {
    return transportOutcome(error, label);
  }
  if (answer.status >= 200 && answer.status < 300) {
    const parsed = sentSchema.safeParse(answer.json);
    if (parsed.success) return { status: "sent", externalId: parsed.data.message_id };
    // Accepted, but without the id we cannot tell which message it is: may have been delivered.
    return {
      status: "unknown_outcome",
      platformCode: `HTTP ${answer.status}`,
      advice: `${label} accepted the reply but did not say which message it became.`,
    };
  }
  const envelope = parseGraphEnvelope(answer.json);
  const platformCode = envelope
    ? `${envelope.code}${envelope.error_subcode === undefined ? "" : `/${envelope.error_subcode}`}`
    : `HTTP ${answer.status}`;
  if (envelope?.code === 10 && WINDOW_CLOSED_SUBCODES.has(envelope.error_subcode ?? -1)) {
    return {
      status: "window_closed",
      platformCode,
      advice: request.humanAgentTag
        ? `${label} refused the reply: more than 7 days have passed since the person's last message.`
        : `${label} refused the reply: more than 24 hours have passed since the person's last message.`,
    };
  }
  if (envelope?.code === 100 && envelope.error_subcode === NO_MATCHING_USER) {
    return {
      status: "recipient_unknown",
      platformCode,
      advice: `${label} does not know this person on the account (they never wrote to it, or deleted their account).`,
    };
  }
  if (!envelope && answer.status >= 500) {
    return {
      status: "unknown_outcome",
      platformCode,
      advice: `${label} failed while taking the reply (HTTP ${answer.status}).`,
    };
  }
  const error = classifyGraphError({
    status: answer.status,
    body: answer.json ?? answer.text,
    platform: label,
  });
  return {
    status: "failed",
    errorClass: error.errorClass,
    platformCode: error.platformCode ?? platformCode,
    advice: isPublisherError(error) ? redact(error.advice, secrets) : `${label} refused the reply.`,
  };
}
