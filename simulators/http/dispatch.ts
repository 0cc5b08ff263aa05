import type { IncomingMessage, ServerResponse } from "node:http";
import { matchControl } from "../control/control-router";
import type { CallFault } from "../core/faults";
import type { SimState } from "../core/sim-state";
import { accountThrottled, appThrottled, graphErrorBody } from "../graph/graph-error";
import { matchGraph } from "../graph/graph-router";
import { exchangeInstagramCode } from "../oauth/code-exchange";
import { matchConsent } from "../oauth/consent-screen";
import { renderPhonePage } from "../phone/phone-page";
import { matchRupload } from "../rupload/rupload-router";
import { matchS3 } from "../s3/s3-router";
import { matchWaha } from "../waha/waha-router";
import { faultResponse } from "./fault-response";
import { BodyTooLargeError, parseBody, readBody, type SimRequest } from "./read-request";
import type { ErrorStyle, RouteMatch } from "./route-match";
import { SimHttpError, type SimResponse } from "./sim-response";

const JSON_TYPE = "application/json; charset=utf-8";
const MAX_BODY = 64 * 1024 * 1024;

function send(res: ServerResponse, response: SimResponse, extra?: Record<string, string>): void {
  if (res.headersSent || res.destroyed) return;
  const raw = response.body;
  const isRaw = Buffer.isBuffer(raw) || typeof raw === "string";
  const payload = isRaw ? (raw as Buffer | string) : JSON.stringify(raw);
  res.writeHead(response.status, {
    "content-type": response.contentType ?? (isRaw ? "text/plain; charset=utf-8" : JSON_TYPE),
    "content-length": String(Buffer.byteLength(payload)),
    ...extra,
    ...response.headers,
  });
  res.end(payload);
}

function notFound(style: ErrorStyle, req: SimRequest): SimResponse {
  if (style === "waha") {
    return {
      status: 404,
      body: { statusCode: 404, message: `Cannot ${req.method} /${req.path}`, error: "Not Found" },
    };
  }
  if (style === "rupload") {
    return {
      status: 404,
      body: { debug_info: { retriable: false, type: "NotFoundError", message: "Unknown upload" } },
    };
  }
  return { status: 404, body: { error: `no route for ${req.method} /${req.path}` } };
}

function toResponse(error: unknown): SimResponse {
  if (error instanceof SimHttpError) return { status: error.status, body: error.body };
  throw error;
}

function errorStyleOf(prefix: string): ErrorStyle {
  if (prefix === "facebook" || prefix === "instagram" || prefix === "api-instagram") return "graph";
  if (prefix === "waha") return "waha";
  if (prefix === "rupload") return "rupload";
  return "control";
}

/**
 * One request through the simulator: route by host prefix, count it, meter it, let the armed
 * faults have their say before and after the handler, and answer.
 */
export function createDispatcher(state: SimState) {
  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

  // Holds the request without answering, then drops the connection (what a client sees as a timeout).
  function hang(res: ServerResponse, fault: CallFault): Promise<void> {
    const ms =
      fault.kind === "hang" ? (fault.hangMs ?? state.options.defaultHangMs) : state.options.defaultHangMs;
    return new Promise<void>((resolve) => {
      const release = () => {
        clearTimeout(timer);
        state.hanging.delete(release);
        res.socket?.destroy();
        resolve();
      };
      const timer = setTimeout(release, ms);
      res.on("close", () => {
        clearTimeout(timer);
        state.hanging.delete(release);
        resolve();
      });
      state.hanging.add(release);
    });
  }

  async function applyFault(
    res: ServerResponse,
    fault: CallFault,
    style: ErrorStyle,
    headers: Record<string, string>,
  ) {
    if (fault.kind === "hang") await hang(res, fault);
    else send(res, faultResponse(fault, style), headers);
  }

  /**
   * Usage headers for a metered call, or the throttling error once a budget is spent. `call_count`
   * counts calls; `total_time` and `total_cputime` count their cost (an insights read weighs
   * `usage.insightsCost` calls), so polling insights tightens the headers faster than publishing.
   */
  function meter(match: RouteMatch, headers: Record<string, string>): SimResponse | undefined {
    const now = state.now();
    const budget = state.options.usage;
    const cost = match.cost ?? 1;
    const percentOf = (key: string, perHour: number) =>
      Math.round((state.usage.count(key, now) * 100) / perHour);
    state.usage.record("app", now);
    state.usage.record("app:time", now, cost);
    const appCalls = percentOf("app", budget.appCallsPerHour);
    const appTime = percentOf("app:time", budget.appCallsPerHour);
    headers["x-app-usage"] = `{"call_count":${appCalls},"total_time":${appTime},"total_cputime":${appTime}}`;
    let accountPercent = 0;
    if (match.accountId) {
      const key = `account:${match.accountId}`;
      state.usage.record(key, now);
      state.usage.record(`${key}:time`, now, cost);
      const calls = percentOf(key, budget.accountCallsPerHour);
      const time = percentOf(`${key}:time`, budget.accountCallsPerHour);
      accountPercent = Math.max(calls, time);
      const regain =
        accountPercent >= 100
          ? Math.max(state.usage.minutesToRegain(key, now), state.usage.minutesToRegain(`${key}:time`, now))
          : 0;
      headers["x-business-use-case-usage"] = JSON.stringify({
        [match.accountId]: [
          {
            type: match.platform === "facebook" ? "pages" : "instagram",
            call_count: calls,
            total_cputime: time,
            total_time: time,
            estimated_time_to_regain_access: regain,
          },
        ],
      });
    }
    if (!budget.enforce) return undefined;
    if (Math.max(appCalls, appTime) > 100) return toResponse(appThrottled());
    if (accountPercent > 100)
      return toResponse(accountThrottled(match.platform === "facebook" ? "facebook" : "instagram"));
    return undefined;
  }

  function match(prefix: string, req: SimRequest): RouteMatch | undefined {
    switch (prefix) {
      case "facebook":
      case "instagram":
        return matchGraph(state, prefix, req);
      case "rupload":
        return matchRupload(state, req);
      case "waha":
        return matchWaha(state, req);
      case "_sim":
        return matchControl(state, req);
      // www.facebook.com and www.instagram.com: the consent screens
      case "www-facebook":
        return matchConsent(state, "facebook", req);
      case "www-instagram":
        return matchConsent(state, "instagram", req);
      // api.instagram.com: Instagram Login's code exchange
      case "api-instagram":
        if (req.method !== "POST" || req.path.replace(/^\//, "") !== "oauth/access_token") return undefined;
        return {
          style: "graph",
          platform: "instagram",
          operation: "oauth_code",
          handle: () => exchangeInstagramCode(state, req),
        };
      case "s3":
        return matchS3(state, req);
      case "":
        if (req.method !== "GET") return undefined;
        return {
          style: "control",
          handle: () => ({
            status: 200,
            body: renderPhonePage(state, {
              platform: req.params.get("platform") ?? undefined,
              account: req.params.get("account") ?? undefined,
              notice: req.params.get("notice") ?? undefined,
              tone: req.params.get("tone") === "error" ? "error" : "ok",
            }),
            contentType: "text/html; charset=utf-8",
          }),
        };
    }
    return undefined;
  }

  async function execute(route: RouteMatch, req: SimRequest, res: ServerResponse): Promise<void> {
    const headers: Record<string, string> = {};
    if (route.platform && route.operation) state.countCall(route.platform, route.operation);
    if (route.metered) {
      const throttled = meter(route, headers);
      if (throttled) return send(res, throttled, headers);
    }
    const decision =
      route.platform && route.operation
        ? state.faults.decide({
            platform: route.platform,
            operation: route.operation,
            accountId: route.accountId,
          })
        : undefined;
    if (decision?.latencyMs) await sleep(decision.latencyMs);
    if (decision?.containerError) {
      const fault = decision.containerError;
      if (fault.kind === "container_error") {
        req.forcedContainerError = {
          subcode: fault.subcode,
          message: fault.message ?? "injected container error",
        };
      }
    }
    if (decision?.before) return applyFault(res, decision.before, route.style, headers);
    let response: SimResponse;
    try {
      response = await route.handle();
    } catch (error) {
      response = toResponse(error);
    }
    if (decision?.after) return applyFault(res, decision.after, route.style, headers);
    send(res, response, headers);
  }

  return async function dispatch(raw: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = raw.url ?? "/";
    const queryAt = url.indexOf("?");
    const pathname = queryAt === -1 ? url : url.slice(0, queryAt);
    const slash = pathname.indexOf("/", 1);
    const prefix = slash === -1 ? pathname.slice(1) : pathname.slice(1, slash);
    const style = errorStyleOf(prefix);
    try {
      const limit =
        prefix === "rupload" ? Math.max(MAX_BODY, state.options.instagram.maxVideoBytes + 1) : MAX_BODY;
      const body = await readBody(raw, limit);
      const query = new URLSearchParams(queryAt === -1 ? "" : url.slice(queryAt + 1));
      const req: SimRequest = {
        method: raw.method ?? "GET",
        path: slash === -1 ? "" : decodeURIComponent(pathname.slice(slash + 1)),
        query,
        headers: raw.headers,
        body,
        params: new Map(query),
        files: new Map(),
        json: undefined,
        origin: state.options.publicUrl ?? `http://${raw.headers.host ?? "127.0.0.1"}`,
        receivedAt: state.now(),
        remoteAddress: raw.socket.remoteAddress ?? "",
      };
      // Upload hosts take raw bytes; only the API hosts have parameters in their bodies.
      if (prefix !== "rupload" && prefix !== "s3") parseBody(req);
      const found = match(prefix, req);
      if (!found) return send(res, notFound(style, req));
      await execute(found, req, res);
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        return send(res, { status: 413, body: { error: error.message } }, { connection: "close" });
      }
      const message = error instanceof Error ? error.message : String(error);
      const body =
        style === "graph"
          ? graphErrorBody({ code: 1, message: `An unknown error occurred: ${message}`, isTransient: true })
          : { statusCode: 500, message };
      send(res, { status: 500, body });
    }
  };
}
