import { z } from "zod";
import type { GraphPlatformLabel } from "./classify-graph-error";
import type { FrameInput, PublisherAccount, PublisherEndpoints } from "./contract";
import { createGraphClient, type GraphClient } from "./graph-client";
import { isPublisherError, PublisherError } from "./publisher-error";

/** A Graph client for one account's token against one host root. */
export function graphClientFor(
  account: PublisherAccount,
  endpoints: PublisherEndpoints,
  baseUrl: string,
  platform: GraphPlatformLabel,
) {
  return createGraphClient({
    baseUrl,
    apiVersion: endpoints.apiVersion,
    accessToken: account.secret,
    appSecret: endpoints.appSecret,
    timeoutMs: endpoints.timeoutMs,
    platform,
    onUsage: endpoints.onUsage,
  });
}

/** Graph stories carry media only; a text-only frame is a WhatsApp feature. */
export function requireMediaFrame(
  frame: FrameInput,
  platform: GraphPlatformLabel,
): Extract<FrameInput, { kind: "IMAGE" | "VIDEO" }> {
  if (frame.kind === "TEXT") {
    throw new PublisherError({
      errorClass: "invalid_content",
      platformCode: "text_only_frame",
      advice: `${platform} Stories need an image or a video; a text-only frame can only go to WhatsApp.`,
    });
  }
  return frame;
}

/** Graph times: ISO 8601 with "+0000" (Date.parse wants "+00:00") or unix seconds. */
export function parseGraphTime(value: string | number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "number") return value * 1000;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const parsed = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));
  return Number.isNaN(parsed) ? undefined : parsed;
}

/** Graph times have second precision: compare from the start of the second `since` falls in. */
export function sinceSeconds(since: Date): number {
  return Math.floor(since.getTime() / 1000);
}

/** Answers of the shape `{"id": "..."}`. */
export const idSchema = z.object({ id: z.coerce.string().min(1) });

/**
 * When the token's expiry is known (GET /debug_token), for showing on the channel. Best effort:
 * a failed lookup means "unknown", never a failed connection. expires_at 0 means "never".
 */
export async function tokenExpiresAt(graph: GraphClient, token: string): Promise<Date | undefined> {
  return graph
    .request({
      method: "GET",
      path: "debug_token",
      params: { input_token: token },
      schema: z.object({ data: z.object({ expires_at: z.number().optional() }) }),
    })
    .then(({ data }) => (data.data.expires_at ? new Date(data.data.expires_at * 1000) : undefined))
    .catch(() => undefined);
}

/**
 * Checking an account publishes nothing, so a refusal there (invalid_content) means the token
 * does not fit the account: the person must reconnect. Other errors pass through unchanged.
 */
export function refusalMeansReauth(error: unknown, advice: string): unknown {
  if (!isPublisherError(error, "invalid_content")) return error;
  return new PublisherError({
    errorClass: "reauth_required",
    advice,
    platformCode: error.platformCode,
    platformMessage: error.platformMessage,
  });
}

/**
 * DELETE /me/permissions: the person (or Page's person) behind the token withdraws the app's
 * permissions, and Meta invalidates the token. Meta documents it for user and app tokens; a Page
 * token may be refused, which the caller records without stopping a deletion.
 */
export async function revokeGraphPermissions(graph: GraphClient): Promise<void> {
  await graph.request({
    method: "DELETE",
    path: "me/permissions",
    schema: z.union([z.object({ success: z.boolean() }), z.boolean()]),
  });
}
