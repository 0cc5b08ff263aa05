import type { WahaSession } from "../core/entities";
import type { SimState } from "../core/sim-state";
import type { SimRequest } from "../http/read-request";
import type { RouteMatch } from "../http/route-match";
import { json, type SimResponse } from "../http/sim-response";
import { listContacts } from "./waha-contacts";
import { badRequest, sessionNotFound, unauthorized } from "./waha-errors";
import { createSession, getQr, logoutSession, meOf, settleSession, startSession } from "./waha-pairing";
import { sendChatMessage, sessionOfSend } from "./waha-send-message";
import { updateSession } from "./waha-session-config";
import { deleteStatus, newMessageId, sendMediaStatus, sendTextStatus } from "./waha-status";

function sessionInfo(session: WahaSession): Record<string, unknown> {
  return {
    name: session.id,
    status: session.state,
    config: session.config ?? {},
    me: meOf(session),
    engine: { engine: "NOWEB" },
  };
}

const SESSION_ACTIONS = new Set(["start", "stop", "restart", "logout"]);

function apiKey(req: SimRequest): string | undefined {
  const value = req.headers["x-api-key"];
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

/** Checks X-Api-Key against the session's key; an unknown session is only revealed to a known key. */
function authorize(state: SimState, req: SimRequest, name: string): WahaSession {
  const key = apiKey(req);
  if (!key) throw unauthorized();
  const session = state.sessions.get(name);
  if (!session) {
    const known = [...state.sessions.values()].some((other) => other.apiKey === key);
    throw known ? sessionNotFound(name) : unauthorized();
  }
  if (session.apiKey !== key) throw unauthorized();
  return settleSession(state, session);
}

function route(
  operation: string,
  accountId: string | undefined,
  handle: () => Promise<SimResponse> | SimResponse,
): RouteMatch {
  return { style: "waha", platform: "whatsapp", operation, accountId, handle };
}

/** Routes the WAHA subset StoryRelay uses (paths below the gateway's base URL). */
export function matchWaha(state: SimState, req: SimRequest): RouteMatch | undefined {
  const segments = req.path.split("/").filter(Boolean);
  const method = req.method;
  if (segments.length === 1 && segments[0] === "ping")
    return route("sessions", undefined, () => json({ message: "pong" }));
  if (segments[0] !== "api") return undefined;

  if (segments[1] === "sessions") {
    const name = segments[2];
    if (!name && method === "GET") {
      return route("sessions", undefined, () => {
        const key = apiKey(req);
        const mine = [...state.sessions.values()].filter((session) => session.apiKey === key);
        if (!key || mine.length === 0) throw unauthorized();
        return json(mine.map(sessionInfo));
      });
    }
    if (!name && method === "POST") {
      return route("sessions", undefined, () => createSession(state, req, sessionInfo));
    }
    if (name && segments.length === 3 && method === "GET") {
      return route("sessions", name, () => json(sessionInfo(authorize(state, req, name))));
    }
    if (name && segments.length === 3 && method === "PUT") {
      return route("sessions", name, () => updateSession(req, authorize(state, req, name), sessionInfo));
    }
    const action = segments[3];
    if (name && segments.length === 4 && method === "GET" && action === "me") {
      return route("sessions", name, () => json(meOf(authorize(state, req, name))));
    }
    if (name && segments.length === 4 && method === "POST" && action && SESSION_ACTIONS.has(action)) {
      return route("sessions", name, () => {
        const session = authorize(state, req, name);
        if (action === "stop") session.state = "STOPPED";
        else if (action === "logout") {
          logoutSession(session);
          state.recordRevocation({ platform: "whatsapp", accountId: name, call: "POST logout" });
        }
        // A failed or stopped session starts again; a restart starts even a running one anew.
        else if (action === "restart" || session.state === "STOPPED" || session.state === "FAILED")
          startSession(state, session);
        return json(sessionInfo(session), 201);
      });
    }
    return undefined;
  }

  // POST /api/sendText | /api/sendImage – chatting: the session is named in the body
  if (
    segments.length === 2 &&
    method === "POST" &&
    (segments[1] === "sendText" || segments[1] === "sendImage")
  ) {
    const kind = segments[1] === "sendText" ? "text" : "image";
    const session = sessionOfSend(req);
    return route("send_message", session, () => {
      if (!session) {
        if (!apiKey(req)) throw unauthorized();
        throw badRequest(["session: a session name is required"]);
      }
      return sendChatMessage(state, req, authorize(state, req, session), kind);
    });
  }

  // GET /api/contacts/all?session= – the session is named in the query, as WAHA does
  if (segments.length === 3 && segments[1] === "contacts" && segments[2] === "all" && method === "GET") {
    const session = req.query.get("session") ?? "";
    return route("contacts", session || undefined, () => {
      if (!session) {
        if (!apiKey(req)) throw unauthorized();
        throw badRequest(["session: a session name is required"]);
      }
      return listContacts(req, authorize(state, req, session));
    });
  }

  const [, name, area, action] = segments;
  if (name && area === "auth" && action === "qr" && segments.length === 4 && method === "GET") {
    return route("auth_qr", name, () => getQr(req, authorize(state, req, name)));
  }
  if (!name || area !== "status" || !action || segments.length !== 4) return undefined;
  if (action === "new-message-id" && method === "GET") {
    return route("new_message_id", name, () => newMessageId(authorize(state, req, name)));
  }
  if (method !== "POST") return undefined;
  switch (action) {
    case "image":
    case "video":
      return route(`send_${action}`, name, () =>
        sendMediaStatus(state, req, authorize(state, req, name), action),
      );
    case "text":
      return route("send_text", name, () => sendTextStatus(state, req, authorize(state, req, name)));
    case "delete":
      return route("delete", name, () => deleteStatus(state, req, authorize(state, req, name)));
  }
  return undefined;
}
