import { z } from "zod";
import type { SetupCheck } from "@/lib/core/setup-check";

export type MetaAppConfig = {
  META_APP_ID?: string;
  META_APP_SECRET?: string;
  META_GRAPH_URL: string;
  GRAPH_API_VERSION: string;
  SIMULATOR_URL: string;
};

/**
 * The app the bundled simulators accept (their defaults in simulators/core/simulator-options.ts),
 * used when no Meta app is configured: "Continue with Facebook" then signs in to the simulators.
 */
export const SANDBOX_META_APP = { appId: "100000000000001", appSecret: "storyrelay-simulator-secret" };

const appToken = z.object({ access_token: z.string().min(1) });
const graphError = z.object({ error: z.object({ message: z.string(), code: z.number().optional() }) });

type Outcome = { ok: true } | { ok: false; reason: string; refused: boolean };

/**
 * Asks Graph for an app access token (grant_type=client_credentials): Meta issues one only for a
 * known app id with its current secret, so it proves both without a person signing in.
 */
async function requestAppToken(
  graphUrl: string,
  version: string,
  app: { appId: string; appSecret: string },
  timeoutMs: number,
): Promise<Outcome> {
  const url = new URL(`${graphUrl.replace(/\/+$/, "")}/${version}/oauth/access_token`);
  url.search = new URLSearchParams({
    client_id: app.appId,
    client_secret: app.appSecret,
    grant_type: "client_credentials",
  }).toString();
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const reason =
      error instanceof Error && error.name === "TimeoutError"
        ? `no answer within ${timeoutMs / 1000} s`
        : `could not connect (${error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error)})`;
    return { ok: false, refused: false, reason };
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (response.ok && appToken.safeParse(body).success) return { ok: true };
  const error = graphError.safeParse(body);
  if (error.success) return { ok: false, refused: true, reason: error.data.error.message };
  return { ok: false, refused: false, reason: `an unexpected answer (HTTP ${response.status})` };
}

/**
 * The Meta app behind "Continue with Facebook": set, and accepted by Meta. Without one the login
 * runs against the simulators, which is fine for trying StoryRelay but connects no real Page, so
 * it warns; the simulators are still asked, so a sandbox that cannot sign in shows up here too.
 */
export async function checkMetaApp(config: MetaAppConfig, timeoutMs: number): Promise<SetupCheck> {
  const base = { id: "meta-app", title: "Meta app (Facebook Login for Business)" };
  const version = config.GRAPH_API_VERSION;
  if (!config.META_APP_ID) {
    const simulators = `${config.SIMULATOR_URL}/facebook`;
    const outcome = await requestAppToken(simulators, version, SANDBOX_META_APP, timeoutMs);
    if (!outcome.ok) {
      return {
        ...base,
        status: "fail",
        detail: `No Meta app is set, so "Continue with Facebook" signs in to the bundled simulators at ${config.SIMULATOR_URL}, and asking them for an app access token failed: ${outcome.reason}.`,
        fix: "Start the simulators (`npm start` runs them with the app, `npm run simulators` alone) or set SIMULATOR_URL to where they run.",
      };
    }
    return {
      ...base,
      status: "warn",
      detail: `No Meta app is set: "Continue with Facebook" connects sandbox accounts on the bundled simulators (they answered), not real Pages.`,
      fix: "To connect real Pages and Instagram accounts, create a Business app at developers.facebook.com with Facebook Login for Business, then set META_APP_ID and META_APP_SECRET (App settings → Basic) and restart.",
    };
  }
  if (!config.META_APP_SECRET) {
    return {
      ...base,
      status: "fail",
      detail: `META_APP_ID is ${config.META_APP_ID} but META_APP_SECRET is not set, so no sign-in can finish.`,
      fix: "Set META_APP_SECRET to the app secret (App settings → Basic in the Meta app) and restart.",
    };
  }
  const app = { appId: config.META_APP_ID, appSecret: config.META_APP_SECRET };
  const outcome = await requestAppToken(config.META_GRAPH_URL, version, app, timeoutMs);
  if (outcome.ok) {
    return {
      ...base,
      status: "pass",
      detail: `Meta accepted app ${app.appId} and its secret (it issued an app access token).`,
      fix: "",
    };
  }
  return {
    ...base,
    status: "fail",
    detail: outcome.refused
      ? `Meta refused app ${app.appId}: "${outcome.reason}"`
      : `Asking ${config.META_GRAPH_URL} for an app access token failed: ${outcome.reason}.`,
    fix: outcome.refused
      ? "Copy the App ID and App secret again from App settings → Basic in the Meta app (a reset secret replaces the old one), set META_APP_ID and META_APP_SECRET, and restart."
      : `Check that this server can reach ${config.META_GRAPH_URL} (proxy, firewall, DNS) and that META_GRAPH_URL is right.`,
  };
}
