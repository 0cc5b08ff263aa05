import { createHash, randomBytes } from "node:crypto";
import QRCode from "qrcode";
import { z } from "zod";
import type { WahaSession } from "../core/entities";
import type { SimState } from "../core/sim-state";
import type { SimRequest } from "../http/read-request";
import { json, SimHttpError, type SimResponse } from "../http/sim-response";
import { badRequest, unauthorized } from "./waha-errors";
import { parseSessionConfig } from "./waha-session-config";

/**
 * What a WhatsApp linking QR code encodes: "2@" and a ref, then the device's keys, comma separated.
 * Only its shape matters here: a real phone never reads it.
 */
export function newPairingString(): string {
  const part = (bytes: number) => randomBytes(bytes).toString("base64");
  return `2@${part(24)},${part(32)},${part(32)},${part(32)}`;
}

const createSchema = z.object({
  name: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/)
    .default("default"),
  /** WAHA starts a new session unless told not to. */
  start: z.boolean().default(true),
  config: z.unknown().optional(),
});

/**
 * The simulator stands for one WAHA server per API key: any key of 8 characters or more may create
 * a session, and the session answers to that key alone (a real server has one key, WAHA_API_KEY).
 */
function creatorKey(req: SimRequest): string {
  const key = req.headers["x-api-key"];
  if (typeof key !== "string" || key.length < 8) throw unauthorized();
  return key;
}

/**
 * Starting a session: after STARTING (sessionStartingMs of simulated time, often none), a linked
 * phone makes it WORKING, otherwise it waits for a QR scan.
 */
export function startSession(state: SimState, session: WahaSession): void {
  const startingMs = state.options.whatsapp.sessionStartingMs;
  session.state = "STARTING";
  session.startingUntil = state.now() + startingMs;
  settleSession(state, session);
}

/** Moves a session whose STARTING phase is over on to what comes next; called before it is read. */
export function settleSession(state: SimState, session: WahaSession): WahaSession {
  if (
    session.state === "STARTING" &&
    session.startingUntil !== undefined &&
    session.startingUntil <= state.now()
  ) {
    session.state = session.paired ? "WORKING" : "SCAN_QR_CODE";
    session.startingUntil = undefined;
  }
  return session;
}

// POST /api/sessions {name, start?} – create a session; 422 when the name is taken
export function createSession(
  state: SimState,
  req: SimRequest,
  view: (session: WahaSession) => Record<string, unknown>,
): SimResponse {
  const key = creatorKey(req);
  const parsed = createSchema.safeParse(req.json ?? {});
  if (!parsed.success) {
    throw badRequest(
      parsed.error.issues.map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`),
    );
  }
  const { name, start } = parsed.data;
  const config = parsed.data.config === undefined ? undefined : parseSessionConfig(parsed.data.config);
  const existing = state.sessions.get(name);
  if (existing) {
    if (existing.apiKey !== key) throw unauthorized();
    throw new SimHttpError(422, {
      statusCode: 422,
      message: `Session '${name}' already exists. Use PUT to update it.`,
      error: "Unprocessable Entity",
    });
  }
  const session: WahaSession = {
    platform: "whatsapp",
    id: name,
    name,
    apiKey: key,
    state: "STOPPED",
    paired: false,
    pairingString: newPairingString(),
    createdAt: state.now(),
    issuedIds: new Set(),
    config,
  };
  state.sessions.set(name, session);
  if (start) startSession(state, session);
  return json(view(session), 201);
}

// POST /api/sessions/{name}/logout – unlink the phone; a running session asks for a new QR scan
export function logoutSession(session: WahaSession): void {
  session.paired = false;
  session.pairingString = newPairingString();
  if (session.state !== "STOPPED") session.state = "SCAN_QR_CODE";
}

/** The phone scanned the QR code: linked, WORKING. Only a session showing a QR code can be scanned. */
export function scanQr(session: WahaSession): void {
  if (session.state !== "SCAN_QR_CODE") {
    throw new SimHttpError(409, {
      error: `session ${session.id} is ${session.state}: only a session in SCAN_QR_CODE shows a QR code`,
    });
  }
  session.paired = true;
  session.pairingString = newPairingString();
  session.state = "WORKING";
}

/** A PNG of the session's current QR code. */
export function qrPng(session: WahaSession): Promise<Buffer> {
  return QRCode.toBuffer(session.pairingString, {
    type: "png",
    errorCorrectionLevel: "L",
    margin: 2,
    width: 264,
  });
}

// GET /api/{session}/auth/qr[?format=image|raw] – the QR code to scan: PNG bytes, or JSON when asked
export async function getQr(req: SimRequest, session: WahaSession): Promise<SimResponse> {
  if (session.state !== "SCAN_QR_CODE") {
    throw new SimHttpError(422, {
      statusCode: 422,
      message: `Can get QR code only in SCAN_QR_CODE status. The current status is '${session.state}'`,
      error: "Unprocessable Entity",
    });
  }
  const format = req.query.get("format") ?? "image";
  if (format === "raw") return json({ value: session.pairingString });
  if (format !== "image") throw badRequest("format must be one of the following values: image, raw");
  const png = await qrPng(session);
  const accept = req.headers.accept;
  if (typeof accept === "string" && accept.includes("application/json") && !accept.includes("image/png")) {
    return json({ mimetype: "image/png", data: png.toString("base64") });
  }
  return { status: 200, body: png, contentType: "image/png" };
}

/** The number a WORKING session is linked to; WAHA's `me`. */
export function meOf(session: WahaSession): { id: string; pushName: string } | null {
  if (session.state !== "WORKING") return null;
  // A stable made-up Dutch mobile number per session name, so tests can predict it.
  const digits =
    BigInt(`0x${createHash("sha256").update(session.id).digest("hex").slice(0, 12)}`) % 100_000_000n;
  return { id: `316${String(digits).padStart(8, "0")}@c.us`, pushName: session.name };
}
