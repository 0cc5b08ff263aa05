import type { MetaLoginKind } from "@/lib/core/platforms/meta-logins";

/** The settings a one-click login reads (a slice of lib/env's; use cases never read env). */
export type MetaLoginConfig = {
  PUBLIC_BASE_URL: string;
  GRAPH_API_VERSION: string;
  SIMULATOR_URL: string;
  META_APP_ID?: string;
  META_APP_SECRET?: string;
  META_LOGIN_CONFIG_ID?: string;
  INSTAGRAM_APP_ID?: string;
  INSTAGRAM_APP_SECRET?: string;
  META_DIALOG_URL: string;
  INSTAGRAM_OAUTH_URL: string;
  INSTAGRAM_API_URL: string;
  META_GRAPH_URL: string;
  INSTAGRAM_GRAPH_URL: string;
};

/** Where one login's dialog and token calls go, and as which app. */
export type LoginEndpoints = {
  kind: MetaLoginKind;
  /** No app of its own configured: the login runs against the bundled simulators. */
  sandbox: boolean;
  appId: string;
  appSecret: string;
  /** Facebook Login for Business: a configuration replaces the scope list in the dialog. */
  configId?: string;
  version: string;
  /** The consent dialog. */
  dialogUrl: string;
  /** Instagram Login's code exchange host (api.instagram.com); unused by Facebook Login. */
  apiUrl: string;
  /** The Graph host the tokens are read and exchanged on. */
  graphUrl: string;
  /** Where Meta sends the person back. */
  redirectUri: string;
};

/**
 * The simulators' own app (simulators/core/simulator-options.ts defaults). A sandbox login
 * authenticates as it, so the code exchange is checked as strictly as Meta checks a real app.
 */
export const SANDBOX_APP = { id: "100000000000001", secret: "storyrelay-simulator-secret" };

/** The simulators' base URL, without a trailing slash. */
export function simulatorBase(config: MetaLoginConfig): string {
  return config.SIMULATOR_URL.replace(/\/+$/, "");
}
