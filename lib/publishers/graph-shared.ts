import { z } from "zod";
import type { GraphPlatformLabel } from "./classify-graph-error";
import type { FrameInput, PublisherAccount, PublisherEndpoints } from "./contract";
import { createGraphClient } from "./graph-client";
import { PublisherError } from "./publisher-error";

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
