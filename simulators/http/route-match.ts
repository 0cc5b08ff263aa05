import type { Platform } from "../core/entities";
import type { SimResponse } from "./sim-response";

/** How errors are shaped on a host: the Graph envelope, WAHA's NestJS body, rupload's debug_info. */
export type ErrorStyle = "graph" | "waha" | "rupload" | "control";

/** What a host router found for a request: who it concerns (for faults and usage) and how to answer. */
export interface RouteMatch {
  style: ErrorStyle;
  platform?: Platform;
  operation?: string;
  accountId?: string;
  /** Count the call against the app and account budgets and send the usage headers. */
  metered?: boolean;
  /** What the call weighs in the time and CPU budgets, in plain calls (1 unless said). */
  cost?: number;
  handle(): Promise<SimResponse> | SimResponse;
}
