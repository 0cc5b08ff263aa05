import { z } from "zod";
import { sendHttp } from "../http";
import { classifyWahaError } from "./classify-waha-error";

/**
 * Pairing a WAHA session by QR code (WAHA's sessions and auth API): create or start the session,
 * read its state, fetch the QR code to scan, and read the number once it is WORKING. Errors are
 * PublisherErrors, classified like the publisher's; the API key is redacted from all of them.
 */
export type WahaGateway = { gatewayUrl: string; apiKey: string; timeoutMs: number };

export type WahaSessionState = "STOPPED" | "STARTING" | "SCAN_QR_CODE" | "WORKING" | "FAILED";

const sessionSchema = z.object({
  name: z.string(),
  status: z.string(),
  me: z.object({ id: z.string().optional(), pushName: z.string().optional() }).nullable().optional(),
});
const qrSchema = z.object({ mimetype: z.string(), data: z.string().min(1) });
const meSchema = z.object({ id: z.string(), pushName: z.string().optional() }).nullable();

async function call(
  gateway: WahaGateway,
  method: "GET" | "POST",
  path: string,
  body?: unknown,
): Promise<{ status: number; json: unknown; text: string }> {
  const headers: Record<string, string> = { "x-api-key": gateway.apiKey, accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  return sendHttp(
    `${gateway.gatewayUrl.replace(/\/+$/, "")}/${path}`,
    { method, headers, body: body === undefined ? undefined : JSON.stringify(body) },
    { timeoutMs: gateway.timeoutMs, secrets: [gateway.apiKey], platformLabel: "The WhatsApp gateway" },
  );
}

function ok<T>(answer: { status: number; json: unknown; text: string }, schema: z.ZodType<T>): T {
  if (answer.status < 200 || answer.status >= 300) {
    throw classifyWahaError({ status: answer.status, body: answer.json, text: answer.text });
  }
  const parsed = schema.safeParse(answer.json);
  if (!parsed.success) {
    throw classifyWahaError({
      status: 502,
      body: undefined,
      text: `unexpected answer: ${answer.text.slice(0, 200)}`,
    });
  }
  return parsed.data;
}

function stateOf(status: string): WahaSessionState {
  const known: readonly string[] = ["STOPPED", "STARTING", "SCAN_QR_CODE", "WORKING", "FAILED"];
  return (known.includes(status) ? status : "FAILED") as WahaSessionState;
}

const path = (session: string) => `api/sessions/${encodeURIComponent(session)}`;

/** The session's state as the gateway reports it now. */
export async function wahaSessionState(gateway: WahaGateway, session: string): Promise<WahaSessionState> {
  return stateOf(ok(await call(gateway, "GET", path(session)), sessionSchema).status);
}

/**
 * Makes the session run: creates it (started), or starts a stopped or failed one. `restart` also
 * restarts a running session that is not WORKING, so a stale QR code or a lost link is replaced by
 * a fresh QR code. Returns the state after that.
 */
export async function ensureWahaSession(
  gateway: WahaGateway,
  session: string,
  options: { restart: boolean },
): Promise<WahaSessionState> {
  const created = await call(gateway, "POST", "api/sessions", { name: session, start: true });
  // 422: the name exists on this gateway already (WAHA Core has exactly one, "default").
  if (created.status !== 422) return stateOf(ok(created, sessionSchema).status);
  const state = await wahaSessionState(gateway, session);
  if (state === "WORKING" || (state !== "STOPPED" && state !== "FAILED" && !options.restart)) return state;
  const action = state === "STOPPED" ? "start" : "restart";
  return stateOf(ok(await call(gateway, "POST", `${path(session)}/${action}`), sessionSchema).status);
}

/** The QR code to scan, as a PNG; only a session in SCAN_QR_CODE has one. */
export async function wahaQrPng(gateway: WahaGateway, session: string): Promise<Buffer> {
  const qr = ok(
    await call(gateway, "GET", `api/${encodeURIComponent(session)}/auth/qr?format=image`),
    qrSchema,
  );
  return Buffer.from(qr.data, "base64");
}

/** The WhatsApp number the session is linked to ("31612345678"), once WORKING; null before. */
export async function wahaNumber(gateway: WahaGateway, session: string): Promise<string | null> {
  const me = ok(await call(gateway, "GET", `${path(session)}/me`), meSchema);
  return me ? me.id.replace(/@.*$/, "") : null;
}
