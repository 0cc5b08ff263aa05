import type { CallFault } from "../core/faults";
import { graphErrorBody } from "../graph/graph-error";
import type { ErrorStyle } from "./route-match";
import type { SimResponse } from "./sim-response";

const STATUS_TEXT: Record<number, string> = {
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
  429: "Too Many Requests",
};

/** The answer an "error" or "http_status" fault gives, in the style of the host it hits. */
export function faultResponse(fault: CallFault, style: ErrorStyle): SimResponse {
  if (fault.kind === "http_status") {
    return {
      status: fault.status,
      body: fault.body ?? STATUS_TEXT[fault.status] ?? `HTTP ${fault.status}`,
      contentType: "text/plain; charset=utf-8",
    };
  }
  if (fault.kind !== "error") throw new Error(`fault ${fault.kind} has no response`);
  const message = fault.message ?? "An unexpected error has occurred. Please retry your request later.";
  if (style === "waha") {
    const status = fault.status ?? 500;
    return { status, body: { statusCode: status, message, code: fault.code } };
  }
  if (style === "rupload") {
    return {
      status: fault.status ?? 400,
      body: { debug_info: { retriable: fault.isTransient ?? false, type: "ProcessingFailedError", message } },
    };
  }
  // Meta answers server-side failures (codes 1 and 2) with HTTP 500, the rest with 400.
  const status = fault.status ?? (fault.code === 1 || fault.code === 2 ? 500 : 400);
  return {
    status,
    body: graphErrorBody({
      code: fault.code,
      subcode: fault.subcode,
      message,
      isTransient: fault.isTransient,
    }),
  };
}
